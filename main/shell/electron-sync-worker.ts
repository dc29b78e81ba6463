// The sync worker's entry in Electron: a utility process (utilityProcess.fork, see electron-sync-process.ts), with
// Chromium's network stack for its HQ requests. Bundled as out/main/electron-sync-worker.js.
import { netFetch } from './electron-net-fetch.ts';
import { serveSyncWorker } from './process-worker.ts';

const parent = process.parentPort;
serveSyncWorker(
  {
    onMessage: (listener) => parent.on('message', (event) => listener(event.data)),
    post: (message) => parent.postMessage(message),
  },
  { fetch: netFetch },
);
