// A sync worker entry standing in for one that once synced (the database holds an old lastSyncAt, which every status
// carries) and then hits a bug: it reports that status, then dies. KioskSync must still lengthen its restart pause.
import { parentPort } from 'node:worker_threads';

parentPort.postMessage({
  type: 'status',
  status: {
    configured: true,
    online: false,
    backlog: 3,
    dead: 0,
    oldestUnsentAt: '2026-11-26T01:00:00.000Z',
    oldestAgeMinutes: 60,
    warning: false,
    lastError: null,
    lastSyncAt: '2026-11-26T00:00:00.000Z',
    chainDivergence: null,
  },
});
setTimeout(() => {
  throw new Error('worker bug after a status');
}, 5);
