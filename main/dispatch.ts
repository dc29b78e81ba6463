import type { z } from 'zod';
import {
  type AccessRole,
  type Channel,
  type ChannelDeclaration,
  type Contract,
  contract,
  type ParsedRequestOf,
  type ResponseOf,
  type WindowKind,
} from '../preload/contract.ts';
import type { Result, TerminalInfo } from '../preload/types.ts';
import { accessRefusal, type CallerSessions } from './access.ts';
import { KioskError } from './errors.ts';
import type { Actor } from './services/accounts.ts';

/**
 * Who is calling: one renderer (an Electron window, or a browser tab of the host) and the kind of window it is. The
 * transport sets both from what it can prove (the sender's webContents, the host token), never from the request.
 */
export interface CallContext {
  clientId: string;
  window: WindowKind;
}

/**
 * What a handler is given beyond the caller, by the role its channel declares (V-03): the dispatcher has already
 * checked it, so a handler that needs the acting staff member takes `context.actor` and never checks a role itself.
 */
export type Grant<R extends AccessRole> = R extends 'staff' | 'manager'
  ? { actor: Actor }
  : R extends 'terminal'
    ? { terminal: TerminalInfo }
    : Record<never, never>;

export type HandlerContext<C extends Channel> = CallContext & Grant<Contract[C]['role']>;

/** One handler per channel. A channel missing here is a compile error wherever a Handlers object is built. */
export type Handlers = {
  [C in Channel]: (request: ParsedRequestOf<C>, context: HandlerContext<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

/** The handlers and the accounts that say who holds what: main/core.ts's Core is one. */
export interface Dispatcher {
  handlers: Handlers;
  services: { accounts: CallerSessions };
}

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name);
}

/** Validation issues as field path → i18n key; the first issue per field wins. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '_';
    if (!(path in fields)) fields[path] = issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
  }
  return fields;
}

function refused(code: string): Result<never> {
  return { ok: false, error: { code, message: `errors.${code}` } };
}

function grantFor(role: AccessRole, sessions: CallerSessions, clientId: string): Grant<AccessRole> {
  if (role === 'staff' || role === 'manager') return { actor: sessions.requireActor(clientId) };
  if (role === 'terminal') return { terminal: sessions.requireTerminal() };
  return {};
}

/**
 * The one way into the services, shared by Electron's ipcMain and the browser host: checks the channel, then who may
 * call it (the window kind and role the contract declares, V-03), validates the request with the contract's zod
 * schema, and only then calls the handler; returns a Result. A refused call reaches no handler and changes nothing.
 * Unexpected errors are reported by code only; the request is never logged because it may hold a customer's
 * personal data.
 */
export async function dispatch(
  dispatcher: Dispatcher,
  channel: string,
  rawRequest: unknown,
  context: CallContext,
  logError: (message: string) => void = (message) => console.error(message),
): Promise<Result<unknown>> {
  if (!isChannel(channel)) return refused('UNKNOWN_CHANNEL');
  const declaration: ChannelDeclaration = contract[channel];
  const sessions = dispatcher.services.accounts;
  try {
    const refusal = accessRefusal(declaration, context.window, sessions.heldRole(context.clientId));
    if (refusal) return refused(refusal);
    const parsed = declaration.request.safeParse(rawRequest ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'errors.INVALID_INPUT', fields: fieldErrors(parsed.error) },
      };
    }
    // The parameter is typed `never` on the declaration; this is the request its own schema just produced.
    const raised = declaration.raisedRole?.(parsed.data as never) ?? null;
    if (raised) {
      const raisedRefusal = accessRefusal({ window: declaration.window, role: raised }, context.window, sessions.heldRole(context.clientId));
      if (raisedRefusal) return refused(raisedRefusal);
    }
    const grant = grantFor(declaration.role, sessions, context.clientId);
    const handler = dispatcher.handlers[channel] as (request: unknown, context: CallContext & Grant<AccessRole>) => unknown;
    const value = await handler(parsed.data, { ...context, ...grant });
    return { ok: true, value };
  } catch (error) {
    if (error instanceof KioskError) return { ok: false, error: error.toInfo() };
    const name = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
    logError(`[ipc] ${channel} failed: ${name}`);
    return { ok: false, error: { code: 'INTERNAL', message: 'errors.INTERNAL' } };
  }
}
