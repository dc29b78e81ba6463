// V-03: the one place that decides whether a caller may use a channel or receive an event. Pure rules first; the
// dispatcher (main/dispatch.ts) and the two event transports (main/ipc.ts, main/host/server.ts) apply them.
import {
  type Access,
  ACCESS_ROLES,
  type AccessRole,
  type EventName,
  eventAccess,
  type WindowKind,
} from '../preload/contract.ts';
import type { TerminalInfo } from '../preload/types.ts';
import type { KioskEventBus } from './events.ts';
import type { Actor } from './services/accounts.ts';

export type AccessRefusalCode = 'WINDOW_FORBIDDEN' | 'TERMINAL_REQUIRED' | 'STAFF_REQUIRED' | 'MANAGER_REQUIRED';

/** The code a caller gets when it lacks the first level it needs: the sign-in screen it must go to says it. */
const MISSING: Record<Exclude<AccessRole, 'none'>, AccessRefusalCode> = {
  terminal: 'TERMINAL_REQUIRED',
  staff: 'STAFF_REQUIRED',
  manager: 'MANAGER_REQUIRED',
};

function rank(role: AccessRole): number {
  return ACCESS_ROLES.indexOf(role);
}

export function holdsRole(held: AccessRole, required: AccessRole): boolean {
  return rank(held) >= rank(required);
}

/**
 * Why a caller on `window` holding `held` may not do what `declared` allows, or null when it may. The window comes
 * first: a customer window is refused a clerk channel whoever is signed in at the counter.
 */
export function accessRefusal(declared: Access, window: WindowKind, held: AccessRole): AccessRefusalCode | null {
  if (declared.window !== window) return 'WINDOW_FORBIDDEN';
  if (holdsRole(held, declared.role)) return null;
  const firstMissing = ACCESS_ROLES[rank(held) + 1] as Exclude<AccessRole, 'none'>;
  return MISSING[firstMissing];
}

export function mayReceive(event: EventName, window: WindowKind, held: AccessRole): boolean {
  return accessRefusal(eventAccess[event], window, held) === null;
}

/**
 * What the dispatcher needs from the accounts: the role a client holds (without counting as activity), and the
 * session a granted call runs under. AccountsService implements it.
 */
export interface CallerSessions {
  heldRole(clientId: string): AccessRole;
  requireTerminal(): TerminalInfo;
  requireActor(clientId: string): Actor;
}

/** Who receives pushed events on one transport: one renderer, with its window kind and client id. */
export interface EventReceiver {
  window: WindowKind;
  clientId: string;
}

/**
 * Subscribes one receiver to the bus, delivering only the events its window and current role may see. The role is
 * looked up at each event, so a clerk who signs out stops receiving staff events at once.
 */
export function subscribeReceiver(
  events: KioskEventBus,
  sessions: Pick<CallerSessions, 'heldRole'>,
  receiver: EventReceiver,
  deliver: (event: EventName, payload: unknown) => void,
): () => void {
  return events.subscribe((event, payload) => {
    // A customer window never needs the accounts looked up: most events are not for it at all.
    if (eventAccess[event].window !== receiver.window) return;
    if (mayReceive(event, receiver.window, sessions.heldRole(receiver.clientId))) deliver(event, payload);
  });
}
