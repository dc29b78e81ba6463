import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Core, createCore } from '../main/core.ts';

/** The real core with the demo store on a fresh file database in a temp folder; dispose() removes it. */
export async function openBenchCore(): Promise<{ core: Core; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-'));
  const key = randomBytes(32);
  const core = await createCore({
    dataDir,
    migrationsDir: resolve(import.meta.dirname, '../db/migrations'),
    host: 'browser',
    version: 'bench',
    keyProvider: { keyId: 'bench', getKey: () => key },
  });
  return {
    core,
    dispose: async () => {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
