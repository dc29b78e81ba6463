// Development and tests only: lets a worker thread run a TypeScript entry. On Node 20 `execArgv: ['--import', 'tsx']`
// does not reach a worker's own entry (it fails with ERR_UNKNOWN_FILE_EXTENSION), so the worker starts here, registers
// tsx's loader in its own thread, then imports the real entry. The packaged app runs the bundled .js entry instead.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsEntry);
