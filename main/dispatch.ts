import type { z } from 'zod';
import { type Channel, contract, type ParsedRequestOf, type ResponseOf } from '../preload/contract.ts';
import type { Result } from '../preload/types.ts';
import { KioskError } from './errors.ts';

/** Who is calling: one renderer (an Electron window, or a browser tab of the host). */
export interface CallContext {
  clientId: string;
}

/** One handler per channel. A channel missing here is a compile error wherever a Handlers object is built. */
export type Handlers = {
  [C in Channel]: (request: ParsedRequestOf<C>, context: CallContext) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

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

/**
 * The one way into the services, shared by Electron's ipcMain and the browser host: checks the channel, validates
 * the request with the contract's zod schema, calls the handler, and returns a Result. Unexpected errors are reported
 * by code only; the request is never logged because it may hold a customer's personal data.
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  rawRequest: unknown,
  context: CallContext,
  logError: (message: string) => void = (message) => console.error(message),
): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'errors.UNKNOWN_CHANNEL' } };
  }
  const parsed = contract[channel].request.safeParse(rawRequest ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'errors.INVALID_INPUT', fields: fieldErrors(parsed.error) },
    };
  }
  try {
    const handler = handlers[channel] as (request: unknown, context: CallContext) => unknown;
    const value = await handler(parsed.data, context);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof KioskError) return { ok: false, error: error.toInfo() };
    const name = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
    logError(`[ipc] ${channel} failed: ${name}`);
    return { ok: false, error: { code: 'INTERNAL', message: 'errors.INTERNAL' } };
  }
}
