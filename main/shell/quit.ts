// The manager-only exit (D-07). The kiosk window refuses to close by itself; the only ways out are this function,
// an OS shutdown, and an update install. The IPC handler that calls requestQuit() must first check that the caller
// is a signed-in manager (or a manager's PIN at the counter): this module only carries the request to Electron,
// which registers the real quit with setQuitHandler() at start-up. No electron import, so services may call it.

type QuitHandler = (reason: string) => void;

let quitHandler: QuitHandler | null = null;

/** Called once by main/index.ts with the function that really quits; null to detach (tests, shutdown). */
export function setQuitHandler(handler: QuitHandler | null): void {
  quitHandler = handler;
}

/**
 * Asks the shell to close the kiosk. Returns false when nothing can quit (the browser host, where closing the tab is
 * the user's business), so the caller can tell the manager.
 */
export function requestQuit(reason: string): boolean {
  if (quitHandler === null) return false;
  quitHandler(reason);
  return true;
}
