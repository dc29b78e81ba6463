import { performance } from 'node:perf_hooks';
import { createCore } from '../main/core.ts';
const started = performance.now();
const core = await createCore({ dataDir: '/tmp/exp/upgrade', migrationsDir: '/work/wt/i14-perf/db/migrations', host: 'browser', version: 'x', keyProvider: { keyId: 'bench', getKey: () => Buffer.alloc(32, 7) }, seedDemo: false });
console.log('first start after upgrade', ((performance.now() - started) / 1000).toFixed(1), 's');
console.log(core.db.prepare('select count(*) n from reception_search').get(), core.db.prepare('select count(*) n from reception_search_pending').get());
await core.close();
