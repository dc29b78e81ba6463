/**
 * D-06 D-09: the sync protocol is a TypeScript workspace package (packages/sync-protocol). Node 20 cannot load .ts
 * from node_modules, so the Electron build must carry it inside out/main, and the installer (which ships only the
 * root `dependencies`) must not need it. These checks read the real build output and run the built sync worker under
 * plain Node against a real HQ on 127.0.0.1.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncWorkerHandle } from '../../main/sync/sync-client.ts';
import type { SyncStatus } from '../../preload/types.ts';
import { backends, type RunningHq, settlementIdsAtHq, startHq } from '../hq/support/hq.ts';
import { createKioskDb, enqueueMany, type KioskDb } from '../hq/support/kiosk.ts';
import { startWorker } from '../hq/support/worker.ts';
import { ROOT } from './harness.ts';

const OUT_MAIN = join(ROOT, 'out/main');

function builtFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? builtFiles(join(dir, entry.name)) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : [],
  );
}

/** The bare module names a built file imports (static and dynamic). */
function bareImports(source: string): string[] {
  const names = new Set<string>();
  const patterns = [/^import\s[^;]*?from\s*["']([^"'./][^"']*)["']/gm, /^import\s*["']([^"'./][^"']*)["']/gm, /\bimport\(\s*["']([^"'./][^"']*)["']\s*\)/g];
  for (const match of patterns.flatMap((pattern) => [...source.matchAll(pattern)])) {
    const spec = match[1]!;
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
    names.add(name);
  }
  return [...names];
}

describe('D-06 D-09 the sync protocol travels inside the build', () => {
  let hq: RunningHq | undefined;
  let kiosk: KioskDb | undefined;
  let worker: SyncWorkerHandle | undefined;
  afterEach(async () => {
    await worker?.stop();
    await hq?.close();
    kiosk?.dispose();
  });

  it('out/main imports only Node built-ins, Electron and the root dependencies the installer carries', () => {
    if (!existsSync(join(OUT_MAIN, 'sync-worker.js'))) throw new Error('main not built: run `npm run build` first');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.devDependencies['kaitori-sync-protocol']).toBeDefined();
    expect(pkg.dependencies['kaitori-sync-protocol']).toBeUndefined();
    const shipped = new Set([...Object.keys(pkg.dependencies), 'electron', ...builtinModules]);
    // The browser host (out/main/host: the dev and test server, which makes PDFs with playwright-core) never ships:
    // electron-builder.yml leaves it out, and that exclusion is what lets it import development packages.
    expect(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')).toContain('"!out/**/host/**"');
    const installed = builtFiles(OUT_MAIN).filter((file) => !file.startsWith(join(OUT_MAIN, 'host') + sep));
    expect(installed.length).toBeGreaterThan(0);
    const imported = installed.flatMap((file) => bareImports(readFileSync(file, 'utf8')));
    expect(imported).not.toContain('kaitori-sync-protocol');
    expect(imported.filter((name) => !name.startsWith('node:') && !shipped.has(name))).toEqual([]);
    // The protocol's code is really there (its payload schemas validate every outbox row before it is written).
    const sources = builtFiles(OUT_MAIN).map((file) => readFileSync(file, 'utf8'));
    expect(sources.some((source) => source.includes('NUL character'))).toBe(true);
  });

  it('the built sync worker runs under plain Node and drains a real outbox into HQ', async () => {
    hq = await startHq(backends()[0]!);
    kiosk = createKioskDb();
    const ids = enqueueMany(kiosk.db, 25, 'bundle');
    let statuses: SyncStatus[];
    ({ worker, statuses } = startWorker(kiosk, hq, {
      workerUrl: pathToFileURL(join(OUT_MAIN, 'sync-worker.js')),
      tuning: { requestTimeoutMs: 5_000 },
    }));
    await expect.poll(() => statuses.some((s) => s.online && s.backlog === 0), { timeout: 20_000 }).toBe(true);
    expect(statuses.some((s) => s.lastError?.startsWith('WORKER_CRASHED'))).toBe(false);
    expect(await settlementIdsAtHq(hq.db)).toEqual(ids);
  });
});
