// Bundled by bench/five-year.ts into plain JavaScript (no transpiler at start, like the shipped app) and run in a
// fresh process: prints how long this process took from its start to createCore's services being ready.
import { performance } from 'node:perf_hooks';
import { createCore } from '../main/core.ts';

const [dataDir, migrationsDir, keyHex] = process.argv.slice(2);
if (!dataDir || !migrationsDir || !keyHex) throw new Error('usage: startup-entry <dataDir> <migrationsDir> <keyHex>');
const key = Buffer.from(keyHex, 'hex');
const core = await createCore({ dataDir, migrationsDir, host: 'browser', version: 'bench', keyProvider: { keyId: 'bench', getKey: () => key }, seedDemo: false });
const ready = performance.now();
console.log(`ready ${ready.toFixed(1)}`);
await core.close();
