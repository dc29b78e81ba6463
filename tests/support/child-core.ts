/**
 * Crash-test children: the kiosk core on the parent's data folder, with the data folder's key as the same PC would
 * have it (a new key per run would make every start meet a database sealed with a key it does not know), the demo
 * terminal signed in and one member of staff on top.
 */
import { resolve } from 'node:path';
import type { Actor } from '../../main/services/accounts.ts';
import { type Core, createCore } from '../../main/core.ts';

export async function openChildCore(options: {
  dataDir: string;
  key: Buffer;
  keyId: string;
  version: string;
  staff: { code: string; pin: string };
}): Promise<{ core: Core; actor: Actor }> {
  const core = await createCore({
    dataDir: options.dataDir,
    migrationsDir: resolve(import.meta.dirname, '../../db/migrations'),
    host: 'browser',
    version: options.version,
    keyProvider: { keyId: options.keyId, getKey: () => options.key },
  });
  await core.services.accounts.signInTerminal('T01', 'demo-terminal');
  core.services.accounts.signInStaff('crash-child', options.staff.code, options.staff.pin);
  return { core, actor: core.services.accounts.requireActor('crash-child') };
}
