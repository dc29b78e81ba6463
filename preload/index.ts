// Sandboxed preload (CommonJS after the build): exposes window.kiosk with one function per contract channel and
// `on` for events. It never exposes ipcRenderer itself or a generic send (STYLE.md 3).
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { channels, eventNames, type KioskApi } from './contract.ts';

const api: Record<string, unknown> = {};
for (const channel of channels) {
  api[channel] = (request: unknown) => ipcRenderer.invoke(channel, request ?? {});
}
api.on = (event: string, listener: (payload: unknown) => void) => {
  if (!(eventNames as readonly string[]).includes(event)) throw new Error(`unknown event ${event}`);
  const wrapped = (_: IpcRendererEvent, name: string, payload: unknown) => {
    if (name === event) listener(payload);
  };
  ipcRenderer.on('kiosk:event', wrapped);
  return () => {
    ipcRenderer.removeListener('kiosk:event', wrapped);
  };
};

contextBridge.exposeInMainWorld('kiosk', api as KioskApi);
