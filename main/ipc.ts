import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENT_CHANNEL } from '../preload/channels.ts';
import { channels, type WindowKind } from '../preload/contract.ts';
import { type CallerSessions, subscribeReceiver } from './access.ts';
import { type Dispatcher, dispatch } from './dispatch.ts';
import type { KioskEventBus } from './events.ts';

/** The dispatcher's name for the renderer in one webContents (sessions, open screens are kept per client). */
export function clientIdOf(webContentsId: number): string {
  return `wc-${webContentsId}`;
}

/** The webContents id behind a client id of clientIdOf, or null for any other client (the browser host's). */
export function webContentsIdOf(clientId: string): number | null {
  const match = /^wc-(\d+)$/.exec(clientId);
  return match ? Number(match[1]) : null;
}

/**
 * Registers one ipcMain handler per contract channel. Every call is checked before it reaches a service: the sender
 * must be the main frame of one of our own windows, showing our own origin (Electron security checklist: validate
 * the sender of all IPC messages); `windowOf` says which kind of window it is (or null: refused), and dispatch()
 * then applies the channel's declared window and role (V-03) and validates the request.
 */
export function registerIpc(
  ipcMain: IpcMain,
  dispatcher: Dispatcher,
  windowOf: (event: IpcMainInvokeEvent) => WindowKind | null,
): () => void {
  for (const channel of channels) {
    ipcMain.handle(channel, (event, request: unknown) => {
      const window = windowOf(event);
      if (window === null) {
        return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'errors.FORBIDDEN_SENDER' } };
      }
      return dispatch(dispatcher, channel, request, { clientId: clientIdOf(event.sender.id), window });
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/**
 * Forwards to one window's renderer, on EVENT_CHANNEL, the events its kind and its caller's role may receive
 * (V-03: the contract's eventAccess). Each window gets its own forwarding, so the customer window never sees a
 * staff or sync event.
 */
export function forwardEvents(
  events: KioskEventBus,
  sessions: Pick<CallerSessions, 'heldRole'>,
  webContents: WebContents,
  window: WindowKind,
): () => void {
  return subscribeReceiver(events, sessions, { window, clientId: clientIdOf(webContents.id) }, (name, payload) => {
    if (!webContents.isDestroyed()) webContents.send(EVENT_CHANNEL, name, payload);
  });
}
