// Issue 12 "Two commands on a fresh clone": npm start and npm test set themselves up (scripts/setup.mjs). Real files,
// a real HTTP mirror on 127.0.0.1 standing in for Electron's download, and the real script in a child process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import * as setupModule from '../../scripts/setup.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const setup = setupModule as {
  installReason(root: string): string | null;
  lockedElectronVersion(root: string): string | null;
  electronDownloadUrl(version: string, env: Record<string, string>): string;
  canDownloadElectron(version: string | null, env: Record<string, string>, timeoutMs?: number): Promise<boolean>;
  missingTestPackages(env: Record<string, string>, packages?: { pkg: string; present: (env: Record<string, string>) => boolean }[]): { missing: string[]; command: string | null };
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-setup-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function project(lock: Record<string, string>, installed: Record<string, string> | null) {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { zod: '4.6.7' }, devDependencies: { electron: '41.7.1' } }));
  const packages = (versions: Record<string, string>) => ({ '': {}, ...Object.fromEntries(Object.entries(versions).map(([name, version]) => [`node_modules/${name}`, { version }])) });
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ packages: packages(lock) }));
  if (installed) {
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules/.package-lock.json'), JSON.stringify({ packages: packages(installed) }));
  }
}

describe('npm start / npm test install the npm dependencies when they are missing or stale', () => {
  it.each([
    [null, 'node_modules is missing'],
    [{ zod: '4.6.7', electron: '41.7.1' }, null],
    [{ zod: '4.6.6', electron: '41.7.1' }, 'zod 4.6.6, the lockfile wants 4.6.7'],
    [{ electron: '41.7.1' }, 'zod is not installed'],
  ] as const)('installed %j → %s', (installed, reason) => {
    project({ zod: '4.6.7', electron: '41.7.1' }, installed);
    expect(setup.installReason(dir)).toBe(reason);
  });

  it('this checkout is installed as its lockfile says (npm test would not reinstall it)', () => {
    expect(setup.installReason(ROOT)).toBeNull();
    expect(setup.lockedElectronVersion(ROOT)).toBe(JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version);
  });
});

describe("falls back to ELECTRON_SKIP_BINARY_DOWNLOAD=1 only when Electron's download is unreachable", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    server = undefined;
  });
  async function mirror(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mirror/`;
  }

  it('asks the mirror IT configured (ELECTRON_MIRROR), as electron\'s installer does', () => {
    expect(setup.electronDownloadUrl('41.7.1', {})).toBe('https://github.com/electron/electron/releases/download/v41.7.1/SHASUMS256.txt');
    expect(setup.electronDownloadUrl('41.7.1', { ELECTRON_MIRROR: 'https://npmmirror.com/mirrors/electron' })).toBe(
      'https://npmmirror.com/mirrors/electron/v41.7.1/SHASUMS256.txt',
    );
  });

  it('reachable: a mirror that has the version', async () => {
    const seen: string[] = [];
    const url = await mirror((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200).end();
    });
    expect(await setup.canDownloadElectron('41.7.1', { ELECTRON_MIRROR: url })).toBe(true);
    expect(seen).toEqual(['HEAD /mirror/v41.7.1/SHASUMS256.txt']);
  });

  it('unreachable: 404, a closed port, or a mirror that never answers (bounded wait)', async () => {
    const url = await mirror((_req, res) => res.writeHead(404).end());
    expect(await setup.canDownloadElectron('41.7.1', { ELECTRON_MIRROR: url })).toBe(false);
    expect(await setup.canDownloadElectron('41.7.1', { ELECTRON_MIRROR: 'http://127.0.0.1:9/' })).toBe(false);
    const silent = await mirror(() => {});
    const started = Date.now();
    expect(await setup.canDownloadElectron('41.7.1', { ELECTRON_MIRROR: silent }, 300)).toBe(false);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await setup.canDownloadElectron(null, {})).toBe(false);
  });
});

describe('npm test finds or installs Chromium, the CJK fonts, zbar-tools and poppler-utils', () => {
  it('names exactly what is missing and the one command that installs it', () => {
    const packages = [
      { pkg: 'chromium', present: (env: Record<string, string>) => env.CHROMIUM_PATH === '/usr/bin/chromium' },
      { pkg: 'fonts-noto-cjk', present: () => true },
      { pkg: 'zbar-tools', present: () => false },
    ];
    expect(setup.missingTestPackages({ CHROMIUM_PATH: '/usr/bin/chromium' }, packages)).toEqual({
      missing: ['zbar-tools'],
      command: 'sudo apt-get install -y zbar-tools',
    });
    expect(setup.missingTestPackages({ CHROMIUM_PATH: '/nowhere' }, packages).command).toBe('sudo apt-get install -y chromium zbar-tools');
    expect(setup.missingTestPackages({}, [{ pkg: 'chromium', present: () => true }])).toEqual({ missing: [], command: null });
  });

  it('as a user who is not root, it stops with that command instead of installing', () => {
    const script = `
      process.getuid = () => 1000;
      const { ensureTestPackages } = await import(${JSON.stringify(join(ROOT, 'scripts/setup.mjs'))});
      ensureTestPackages({ env: { CHROMIUM_PATH: '/nowhere/chromium' } });
      console.log('not reached');`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain('not reached');
    expect(result.stderr).toContain('sudo apt-get install -y chromium');
    expect(result.stderr).toContain('CHROMIUM_PATH');
  });

  it('the README shows exactly the two commands first, and CI runs the same npm test', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(firstBlock.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#')).map((line) => line.split('#')[0]!.trim())).toEqual([
      'npm start',
      'npm test',
    ]);
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/^npm test$/m);
  });
});
