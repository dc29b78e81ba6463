// The renderer's one door to the main process: window.kiosk (Electron preload) when it exists, otherwise the browser
// host's HTTP bridge. Same contract, same Result shape, two transports.
import type { Channel, EventName, KioskApi, RequestOf, ResponseOf } from '../preload/contract.ts';
import type { KioskEvents, Result } from '../preload/types.ts';

declare global {
  interface Window {
    kiosk?: KioskApi;
  }
}

const TOKEN_KEY = 'kiosk.hostToken';
const CLIENT_KEY = 'kiosk.clientId';

function hostToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the token out of the address bar, history and screenshots.
    window.history.replaceState(null, '', window.location.pathname);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function clientId(): string {
  let id = sessionStorage.getItem(CLIENT_KEY);
  if (!id) {
    id = crypto.randomUUID().replace(/-/g, '');
    sessionStorage.setItem(CLIENT_KEY, id);
  }
  return id;
}

/**
 * Which door this page uses. Inside Electron (the app:// origin, or any page whose user agent is Electron's) the
 * preload's window.kiosk is the only door: without it the preload failed to load, and falling back to HTTP would
 * only turn every call into a confusing failure (app:// answers POST with 405). That is a fatal error the screen
 * must say, not hide. Everywhere else (Chromium on the browser host) the HTTP bridge is the door.
 */
export type Transport = 'preload' | 'host' | 'bridge-missing';

export function transportFor(page: { protocol: string; userAgent: string; hasKiosk: boolean }): Transport {
  if (page.hasKiosk) return 'preload';
  if (page.protocol === 'app:' || /\bElectron\//.test(page.userAgent)) return 'bridge-missing';
  return 'host';
}

export function currentTransport(): Transport {
  return transportFor({ protocol: window.location.protocol, userAgent: navigator.userAgent, hasKiosk: Boolean(window.kiosk) });
}

const token = typeof window !== 'undefined' && currentTransport() === 'host' ? hostToken() : '';

export async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
  if (window.kiosk) {
    // The mapped type cannot be indexed by a generic channel without widening; the contract guarantees the pairing.
    const fn = window.kiosk[channel] as unknown as (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
    return fn(request);
  }
  if (currentTransport() === 'bridge-missing') return { ok: false, error: { code: 'BRIDGE_MISSING', message: 'errors.BRIDGE_MISSING' } };
  try {
    const response = await fetch(`/api/call/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-kiosk-client': clientId() },
      body: JSON.stringify(request ?? {}),
    });
    if (!response.ok) return { ok: false, error: { code: 'HOST_UNAVAILABLE', message: 'errors.HOST_UNAVAILABLE' } };
    return (await response.json()) as Result<ResponseOf<C>>;
  } catch {
    return { ok: false, error: { code: 'HOST_UNAVAILABLE', message: 'errors.HOST_UNAVAILABLE' } };
  }
}

type HostEvent = { event: string; payload: unknown };
// One EventSource for every subscriber: each open stream holds one of the browser's few connections per host
// (six over HTTP/1.1), and several stuck streams would leave calls to the host waiting.
let hostEvents: { source: EventSource; listeners: Set<(data: HostEvent) => void>; opened: Set<() => void> } | null = null;

function sharedHostEvents() {
  if (!hostEvents) {
    // The client id lets the host deliver only what this tab's signed-in role may receive (V-03).
    const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}&client=${clientId()}`);
    const listeners = new Set<(data: HostEvent) => void>();
    const opened = new Set<() => void>();
    source.addEventListener('kiosk', (message: MessageEvent<string>) => {
      const data = JSON.parse(message.data) as HostEvent;
      for (const deliver of listeners) deliver(data);
    });
    // Also after the browser reconnected a dropped stream: whatever was pushed meanwhile was missed.
    source.addEventListener('open', () => {
      for (const listener of opened) listener();
    });
    hostEvents = { source, listeners, opened };
  }
  return hostEvents;
}

function releaseIfUnused(shared: NonNullable<typeof hostEvents>): void {
  if (shared.listeners.size === 0 && shared.opened.size === 0 && hostEvents === shared) {
    shared.source.close();
    hostEvents = null;
  }
}

export function onEvent<E extends EventName>(event: E, listener: (payload: KioskEvents[E]) => void): () => void {
  if (window.kiosk) return window.kiosk.on(event, listener);
  if (currentTransport() === 'bridge-missing') return () => {};
  const shared = sharedHostEvents();
  const deliver = (data: HostEvent) => {
    if (data.event === event) listener(data.payload as KioskEvents[E]);
  };
  shared.listeners.add(deliver);
  return () => {
    shared.listeners.delete(deliver);
    releaseIfUnused(shared);
  };
}

/**
 * Calls `listener` whenever pushed events start to flow (at once with the preload; on each (re)connection of the
 * host's stream): a screen that shows main-process state reads it again then, so nothing pushed while it was not
 * listening is missed.
 */
export function onEventsConnected(listener: () => void): () => void {
  if (window.kiosk) {
    queueMicrotask(listener);
    return () => {};
  }
  if (currentTransport() === 'bridge-missing') return () => {};
  const shared = sharedHostEvents();
  shared.opened.add(listener);
  return () => {
    shared.opened.delete(listener);
    releaseIfUnused(shared);
  };
}
