// Runs the sync worker in an Electron utility process (issue 11 §5) instead of a worker_thread: a process of its own
// (a crash or a stuck native call cannot take the main process with it), loaded the way Electron loads app code
// from app.asar, and with Chromium's net for HQ. Must be called after 'ready'.
import { utilityProcess } from 'electron';
import type { SpawnSyncWorker } from '../sync/sync-client.ts';
import { syncWorkerOverProcess } from './process-worker.ts';

export function utilityProcessSpawner(entry: string, sqliteAddon: string | null): SpawnSyncWorker {
  return (data) => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Kaitori Kiosk sync', stdio: 'inherit' });
    return syncWorkerOverProcess(
      {
        postMessage: (message) => child.postMessage(message),
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => child.on('exit', listener),
        kill: () => {
          child.kill();
        },
      },
      { type: 'init', data, sqliteAddon },
    );
  };
}
