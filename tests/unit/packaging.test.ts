import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The packaging configuration is the security boundary of the installed kiosk (D-09): these assertions fail when a
// fuse, the signing set-up, the native rebuild or an exclusion is lost in an edit.

interface BuilderConfig {
  appId: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  win: {
    target: { target: string }[];
    forceCodeSigning: boolean;
    verifyUpdateCodeSignature: boolean;
    signtoolOptions: { publisherName: string[]; signingHashAlgorithms: string[]; rfc3161TimeStampServer?: string };
    azureSignOptions?: unknown;
    cscLink?: unknown;
    cscKeyPassword?: unknown;
  };
  nsis: { perMachine: boolean; oneClick: boolean; allowElevation: boolean; deleteAppDataOnUninstall: boolean };
  linux: { target: string[] };
  deb: { depends: string[]; recommends?: string[] };
  publish: { provider: string; url: string }[];
}

const text = readFileSync('electron-builder.yml', 'utf8');
const config = parse(text) as BuilderConfig;

/** electron-builder's `files` semantics: included when a positive pattern matches and no later negation does. */
function isPackaged(file: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    if (pattern.startsWith('!')) {
      if (minimatch(file, pattern.slice(1), { dot: true })) included = false;
    } else if (minimatch(file, pattern, { dot: true })) {
      included = true;
    }
  }
  return included;
}

describe('D-09 electron-builder.yml', () => {
  it('is valid for electron-builder itself', async () => {
    const require = createRequire(import.meta.url);
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips every security fuse', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs into an asar, unpacks native addons and rebuilds them for Electron', () => {
    expect(config.appId).toBe('jp.kaitori.kiosk');
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(true);
  });

  it('signs Windows builds with a pinned publisher and keeps secrets out of the file', () => {
    expect(config.win.forceCodeSigning).toBe(true);
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
    expect(config.win.signtoolOptions.publisherName.length).toBeGreaterThan(0);
    expect(config.win.signtoolOptions.publisherName.every((name) => name.trim().length > 0)).toBe(true);
    expect(config.win.signtoolOptions.signingHashAlgorithms).toEqual(['sha256']);
    expect(config.win.signtoolOptions.rfc3161TimeStampServer).toMatch(/^https?:\/\//);
    // Certificates and passwords come from CSC_LINK / CSC_KEY_PASSWORD (or Azure credentials) in the environment.
    expect(config.win.cscLink).toBeUndefined();
    expect(config.win.cscKeyPassword).toBeUndefined();
    expect(JSON.stringify(config)).not.toMatch(/cscLink|cscKeyPassword|certificatePassword|certificateFile|clientSecret|\.pfx/i);
  });

  it('installs per machine with NSIS, and never deletes the ledger on uninstall', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({
      perMachine: true,
      oneClick: false,
      allowElevation: true,
      deleteAppDataOnUninstall: false,
    });
  });

  it('builds a deb for Linux and no AppImage (Ubuntu 24.04 forbids the user namespaces its sandbox needs)', () => {
    expect(config.linux.target).toEqual(['deb']);
  });

  it('the deb depends on the Japanese fonts and keeps electron-builder\'s own dependencies', () => {
    expect(config.deb.depends).toContain('fonts-noto-cjk');
    // Setting depends replaces electron-builder's list (linuxOptions.d.ts); losing one would break a minimal system.
    const builderDefaults = ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'];
    const documented = readFileSync(createRequire(import.meta.url).resolve('app-builder-lib/out/options/linuxOptions.d.ts'), 'utf8');
    expect(documented).toContain(JSON.stringify(builderDefaults).replace(/,/g, ', '));
    expect(config.deb.depends).toEqual(expect.arrayContaining(builderDefaults));
    expect(config.deb.recommends).toContain('gnome-keyring');
  });

  it('publishes updates on a generic HTTPS feed', () => {
    expect(config.publish).toHaveLength(1);
    expect(config.publish[0]?.provider).toBe('generic');
    expect(config.publish[0]?.url).toMatch(/^https:\/\//);
  });

  it.each([
    ['out/main/index.js', true],
    ['out/main/electron-sync-worker.js', true],
    ['out/main/chunks/process-worker-abc.js', true],
    ['.electron-native/electron-v41.7.1-linux-x64/better_sqlite3.node', false],
    ['out/preload/index.cjs', true],
    ['out/renderer/index.html', true],
    ['out/renderer/assets/index-abc.js', true],
    ['db/migrations/001_initial.sql', true],
    ['package.json', true],
    ['main/host/server.ts', false],
    ['main/host/cli.ts', false],
    ['out/main/host/server.js', false],
    ['out/main/host/cli.js', false],
    ['out/host/index.js', false],
    ['main/index.ts', false],
    ['main/services/settlement.ts', false],
    ['db/migrate.ts', false],
    ['hq/server.ts', false],
    ['tests/unit/backup.test.ts', false],
    ['tests/e2e/skeleton.spec.ts', false],
    ['bench/db.ts', false],
    ['scripts/electron-tests.mjs', false],
    ['renderer/main.tsx', false],
    ['out/renderer/assets/index-abc.js.map', false],
    ['.data/kiosk.sqlite3', false],
  ])('%s packaged: %s', (file, packaged) => {
    expect(isPackaged(file)).toBe(packaged);
  });
});

describe('D-09 the installer carries only the kiosk', () => {
  it('the HQ server is its own workspace package, so its server and database drivers never enter the app', async () => {
    const { readFileSync } = await import('node:fs');
    const root = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      dependencies: Record<string, string>;
      workspaces: string[];
    };
    const hq = JSON.parse(readFileSync(new URL('../../hq/package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    expect(root.workspaces).toEqual(expect.arrayContaining(['hq']));
    expect(Object.keys(root.dependencies)).not.toContain('fastify');
    expect(Object.keys(root.dependencies)).not.toContain('pg');
    expect(Object.keys(hq.dependencies)).toEqual(expect.arrayContaining(['fastify', 'pg']));
  });
});
