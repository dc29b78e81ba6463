// V-03 on Electron's side (no Electron binary here): main/ipc.ts registered on a stand-in ipcMain that keeps
// Electron's rules — one handler per channel, a second handle() for the same channel throws, invoke() reaches the
// handler with an event naming the sender's webContents — and events forwarded to stand-in webContents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientIdOf, forwardEvents, registerIpc } from '../../main/ipc.ts';
import { EVENT_CHANNEL } from '../../preload/channels.ts';
import { channels, type WindowKind } from '../../preload/contract.ts';
import { startTestCore, type TestCore } from '../support/core.ts';

// Electron's types, taken through main/ipc.ts's signatures (tests stay off the electron import, STYLE.md 1).
type IpcMain = Parameters<typeof registerIpc>[0];
type IpcMainInvokeEvent = Parameters<Parameters<typeof registerIpc>[2]>[0];
type WebContents = Parameters<typeof forwardEvents>[2];
type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** ipcMain as Electron 41 behaves for handle/removeHandler (lib/browser/ipc-main-impl.ts). */
function standInIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain = {
    handle(channel: string, listener: Listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
  const invoke = async (senderId: number, channel: string, request: unknown) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender: { id: senderId } } as unknown as IpcMainInvokeEvent, request);
  };
  return { ipcMain: ipcMain as unknown as IpcMain, invoke, handlers };
}

function standInContents(id: number) {
  const sent: { channel: string; name: string; payload: unknown }[] = [];
  const contents = {
    id,
    isDestroyed: () => false,
    send: (channel: string, name: string, payload: unknown) => sent.push({ channel, name, payload }),
  };
  return { contents: contents as unknown as WebContents, sent };
}

const CLERK_WINDOW = 11;
const CUSTOMER_WINDOW = 12;
const STRANGER = 13;

let t: TestCore;
beforeAll(async () => {
  t = await startTestCore({ signIn: false });
  await t.ok('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' });
  await t.ok('session:staffSignIn', { code: '9001', pin: '9999' }, { clientId: clientIdOf(CLERK_WINDOW) });
});
afterAll(() => t.close());

describe('V-03 Electron IPC: the sender decides the window kind, the contract decides what it may call', () => {
  const windowOf = (event: IpcMainInvokeEvent): WindowKind | null =>
    event.sender.id === CLERK_WINDOW ? 'clerk' : event.sender.id === CUSTOMER_WINDOW ? 'customer' : null;

  it('registers every channel once, and unregisters them all', () => {
    const { ipcMain, handlers } = standInIpcMain();
    const off = registerIpc(ipcMain, t.core, windowOf);
    expect([...handlers.keys()].sort()).toEqual([...channels].sort());
    off();
    expect(handlers.size).toBe(0);
  });

  it('the clerk window with a manager signed in may; the customer window may not call a clerk channel; a stranger is refused', async () => {
    const { ipcMain, invoke } = standInIpcMain();
    const off = registerIpc(ipcMain, t.core, windowOf);
    try {
      expect(await invoke(CLERK_WINDOW, 'staff:list', {})).toMatchObject({ ok: true });
      for (const channel of ['staff:list', 'settings:buyback', 'reception:list', 'sync:status', 'session:state']) {
        expect(await invoke(CUSTOMER_WINDOW, channel, {}), channel).toMatchObject({ ok: false, error: { code: 'WINDOW_FORBIDDEN' } });
        expect(await invoke(STRANGER, channel, {}), channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
      }
    } finally {
      off();
    }
  });
});

describe('V-03 Electron event forwarding: each window gets what its kind and role may receive', () => {
  it('the customer window receives no session, print or sync event; the clerk window does', async () => {
    const clerk = standInContents(CLERK_WINDOW);
    const customer = standInContents(CUSTOMER_WINDOW);
    const offs = [
      forwardEvents(t.core.events, t.core.services.accounts, clerk.contents, 'clerk'),
      forwardEvents(t.core.events, t.core.services.accounts, customer.contents, 'customer'),
    ];
    await t.ok('printer:testPrint', { printer: 'receipt' }, { clientId: clientIdOf(CLERK_WINDOW) });
    t.core.events.emit('sync:status', t.core.services.sync.status());
    t.core.events.emit('session:changed', { terminal: null, staff: null });
    for (const off of offs) off();
    expect(new Set(clerk.sent.map((message) => message.name))).toEqual(new Set(['print:job', 'sync:status', 'session:changed']));
    expect(clerk.sent.every((message) => message.channel === EVENT_CHANNEL)).toBe(true);
    expect(customer.sent).toEqual([]);
  });
});
