/**
 * Stands in for Electron's utility process in tests (issue 11 §5): a Node child process running the same child side
 * (serveSyncWorker) the utility entry runs, with an injected fetch as Electron injects net.fetch. Each request the
 * injected fetch makes is appended to $KIOSK_FETCH_LOG, so a test sees that the worker used it.
 * Started with: fork(thisFile, { execArgv: ['--import', 'tsx'] }).
 */
import { appendFileSync } from 'node:fs';
import { serveSyncWorker } from '../../../main/shell/process-worker.ts';

const log = process.env.KIOSK_FETCH_LOG;
const injectedFetch: typeof fetch = (input, init) => {
  if (log) appendFileSync(log, `${init?.method ?? 'GET'} ${input instanceof Request ? input.url : String(input)}\n`);
  return fetch(input, init);
};

serveSyncWorker(
  {
    onMessage: (listener) => process.on('message', listener),
    post: (message) => process.send?.(message),
  },
  { fetch: injectedFetch },
);
