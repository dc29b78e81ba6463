// Emulates how Electron 41 runs a preload in a sandboxed renderer (lib/sandboxed_renderer/preload.ts and init.ts):
// the file's text is wrapped in `(function(require, process, exports, module, Buffer, global, setImmediate,
// clearImmediate) {…})` and evaluated in a scope without Node, and `require` knows only these modules. Anything
// else throws "module not found", which is what the installed kiosk did with `require("zod")`.
import { EventEmitter } from 'node:events';
import * as timers from 'node:timers';
import * as url from 'node:url';
import vm from 'node:vm';

export interface RecordedInvoke {
  channel: string;
  args: unknown[];
}

export interface SandboxRecorder {
  exposed: Map<string, unknown>;
  invokes: RecordedInvoke[];
  listeners: Map<string, Set<(...args: unknown[]) => void>>;
  /** What the preload asked `require` for, allowed or not. */
  required: string[];
  /** Emits an ipcRenderer event to the preload's listeners, as the main process's webContents.send would. */
  emit(channel: string, ...args: unknown[]): void;
}

export const SANDBOX_MODULES = ['electron', 'electron/common', 'electron/renderer', 'events', 'node:events', 'timers', 'node:timers', 'url', 'node:url'];

export function runSandboxedPreload(source: string): SandboxRecorder {
  const recorder: SandboxRecorder = {
    exposed: new Map(),
    invokes: [],
    listeners: new Map(),
    required: [],
    emit(channel, ...args) {
      for (const listener of recorder.listeners.get(channel) ?? []) listener({ sender: null }, ...args);
    },
  };
  const electron = {
    contextBridge: {
      exposeInMainWorld(key: string, api: unknown) {
        if (recorder.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
        recorder.exposed.set(key, api);
      },
    },
    ipcRenderer: {
      invoke(channel: string, ...args: unknown[]) {
        recorder.invokes.push({ channel, args });
        return Promise.resolve({ ok: true, value: { channel } });
      },
      on(channel: string, listener: (...args: unknown[]) => void) {
        const set = recorder.listeners.get(channel) ?? new Set();
        recorder.listeners.set(channel, set);
        set.add(listener);
        return electron.ipcRenderer;
      },
      removeListener(channel: string, listener: (...args: unknown[]) => void) {
        recorder.listeners.get(channel)?.delete(listener);
        return electron.ipcRenderer;
      },
    },
  };
  const modules = new Map<string, unknown>([
    ['electron', electron],
    ['electron/common', electron],
    ['electron/renderer', electron],
    ['events', { EventEmitter, default: EventEmitter }],
    ['node:events', { EventEmitter, default: EventEmitter }],
    ['timers', timers],
    ['node:timers', timers],
    ['url', url],
    ['node:url', url],
  ]);
  const preloadRequire = (name: string) => {
    recorder.required.push(name);
    if (modules.has(name)) return modules.get(name);
    throw new Error(`module not found: ${name}`);
  };
  // The sandbox's process is an EventEmitter with a few copied fields, not Node's process.
  const preloadProcess = Object.assign(new EventEmitter(), { platform: process.platform, type: 'renderer', sandboxed: true });
  // A fresh context: no require, module, process, __dirname or Buffer in scope unless passed in below.
  const context = vm.createContext({ console });
  const wrapper = `(function(require, process, exports, module, Buffer, global, setImmediate, clearImmediate) {\n${source}\n})`;
  const preloadFn = vm.runInContext(wrapper, context, { filename: 'out/preload/index.cjs' }) as (...args: unknown[]) => void;
  const exports = {};
  preloadFn(preloadRequire, preloadProcess, exports, { exports }, Buffer, context, timers.setImmediate, timers.clearImmediate);
  return recorder;
}
