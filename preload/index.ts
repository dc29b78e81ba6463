// Sandboxed preload (CommonJS after the build): exposes window.kiosk with one function per contract channel and
// `on` for events. It never exposes ipcRenderer itself or a generic send (STYLE.md 3).
//
// A sandboxed preload can require only `electron`, `events`, `timers` and `url`: it imports the zod-free names of
// channels.ts at run time and the contract for its types only (erased by the build). The built file is loaded in a
// vm that enforces exactly that rule by tests/built/preload-sandbox.test.ts.
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { CLERK_CHANNEL_NAMES, CLERK_EVENT_NAMES, EVENT_CHANNEL } from './channels.ts';
import type { KioskApi } from './contract.ts';

// The clerk window's preload: every channel and event except the customer window's (V-03; main checks it again).
const api: Record<string, unknown> = {};
for (const channel of CLERK_CHANNEL_NAMES) {
  api[channel] = (request: unknown) => ipcRenderer.invoke(channel, request ?? {});
}
api.on = (event: string, listener: (payload: unknown) => void) => {
  if (!(CLERK_EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`unknown event ${event}`);
  const wrapped = (_: IpcRendererEvent, name: string, payload: unknown) => {
    if (name === event) listener(payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, wrapped);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  };
};

contextBridge.exposeInMainWorld('kiosk', api as KioskApi);
