// The customer window's sandboxed preload (V-01, V-03): window.kiosk with only the customer window's channels and
// events, nothing of the clerk's. The main process checks every call again (dispatch: the sender is the customer
// window, so only channels declared `window: 'customer'` pass). Same sandbox rules as preload/index.ts: it requires
// only `electron` at run time; tests/built/preload-sandbox.test.ts loads the built file under them.
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { CUSTOMER_CHANNEL_NAMES, CUSTOMER_EVENT_NAMES, EVENT_CHANNEL } from './channels.ts';
import type { CustomerKioskApi } from './contract.ts';

const api: Record<string, unknown> = {};
for (const channel of CUSTOMER_CHANNEL_NAMES) {
  api[channel] = (request: unknown) => ipcRenderer.invoke(channel, request ?? {});
}
api.on = (event: string, listener: (payload: unknown) => void) => {
  if (!(CUSTOMER_EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`unknown event ${event}`);
  const wrapped = (_: IpcRendererEvent, name: string, payload: unknown) => {
    if (name === event) listener(payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, wrapped);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  };
};

contextBridge.exposeInMainWorld('kiosk', api as CustomerKioskApi);
