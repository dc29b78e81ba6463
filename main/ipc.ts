import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENT_CHANNEL } from '../preload/channels.ts';
import { channels } from '../preload/contract.ts';
import { type Handlers, dispatch } from './dispatch.ts';
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
 * must be the main frame of our own window, showing our own origin (Electron security checklist: validate the
 * sender of all IPC messages), then the request is validated by dispatch().
 */
export function registerIpc(
  ipcMain: IpcMain,
  handlers: Handlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const channel of channels) {
    ipcMain.handle(channel, (event, request: unknown) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'errors.FORBIDDEN_SENDER' } };
      }
      return dispatch(handlers, channel, request, { clientId: clientIdOf(event.sender.id) });
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** Forwards every main-process event to the window's renderer on EVENT_CHANNEL. */
export function forwardEvents(events: KioskEventBus, webContents: WebContents): () => void {
  return events.subscribe((name, payload) => {
    if (!webContents.isDestroyed()) webContents.send(EVENT_CHANNEL, name, payload);
  });
}
