// The sync worker in a process of its own (Electron's utilityProcess), driven like a worker_thread by
// startSyncWorker. The adapter and the child's side are plain Node, so tests run them with a Node child process
// standing in for the utility process; the Electron edge files only plug utilityProcess and net in. No electron import.
import type { SyncWorkerData, SyncWorkerProcess, SyncWorkerRequest, SyncWorkerResponse } from '../sync/sync-client.ts';
import { setSqliteAddon } from '../../db/sqlite-addon.ts';
import { runSyncWorker } from '../sync/worker.ts';

/** The first message to the child: a utility process has no workerData, and the HQ token never goes on its argv. */
export interface SyncWorkerInit {
  type: 'init';
  data: SyncWorkerData;
  /** The Electron-ABI better-sqlite3 of a checkout run (db/sqlite-addon.ts); null when packaged. */
  sqliteAddon: string | null;
}

/** What the adapter needs of the child: Electron's UtilityProcess, or a Node ChildProcess in tests. */
export interface ChildLike {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

/**
 * A child that exits without having been told to stop died on its own: that is reported as 'error' (then 'exit'),
 * as a worker_thread's uncaught exception is, so KioskSync restarts it after its pause. After {type:'stopped'} the
 * child has nothing left to do and is ended here, so no message can be lost to an exit racing its delivery.
 */
export function syncWorkerOverProcess(child: ChildLike, init: SyncWorkerInit): SyncWorkerProcess {
  const onMessage: ((message: SyncWorkerResponse) => void)[] = [];
  const onError: ((error: Error) => void)[] = [];
  const onExit: ((code: number) => void)[] = [];
  let ending = false;
  child.onMessage((raw) => {
    const message = raw as SyncWorkerResponse;
    if (message.type === 'stopped') {
      ending = true;
      child.kill();
    }
    for (const listener of onMessage) listener(message);
  });
  child.onExit((code) => {
    if (!ending) for (const listener of onError) listener(new Error(`the sync process exited on its own (code ${code})`));
    for (const listener of onExit.splice(0)) listener(code);
  });
  child.postMessage(init);
  const worker = {
    postMessage(message: SyncWorkerRequest) {
      if (message.type === 'stop') ending = true;
      child.postMessage(message);
    },
    on(event: 'message' | 'error', listener: ((message: SyncWorkerResponse) => void) | ((error: Error) => void)) {
      if (event === 'message') onMessage.push(listener as (message: SyncWorkerResponse) => void);
      else onError.push(listener as (error: Error) => void);
      return worker;
    },
    once(_event: 'exit', listener: (code: number) => void) {
      onExit.push(listener);
      return worker;
    },
    terminate() {
      ending = true;
      child.kill();
    },
  };
  return worker as SyncWorkerProcess;
}

/** The child's side: waits for the init message, then runs the worker with the fetch it was given. */
export function serveSyncWorker(parent: { onMessage(listener: (message: unknown) => void): void; post(message: unknown): void }, deps: { fetch?: typeof fetch } = {}): void {
  let started = false;
  parent.onMessage((raw) => {
    const init = raw as SyncWorkerInit;
    if (started || init.type !== 'init') return;
    started = true;
    setSqliteAddon(init.sqliteAddon ?? undefined);
    runSyncWorker(
      {
        post: (message) => parent.post(message),
        onMessage: (listener) => parent.onMessage((message) => listener(message as SyncWorkerRequest)),
        // The parent ends this process once it has the 'stopped' message.
        close: () => {},
      },
      init.data,
      deps,
    );
  });
}
