import type { z } from 'zod';
import { KioskError } from '../errors.ts';

/**
 * Issue 14: where a keyset page ended, handed to the renderer as an opaque string (KeysetPage.next) and read back
 * from it. A cursor that does not parse is bad input with its own message, never a page from somewhere else.
 */
export function keysetCursor<S extends z.ZodType>(schema: S) {
  return {
    encode: (cursor: z.output<S>): string => Buffer.from(JSON.stringify(cursor)).toString('base64url'),
    decode: (text: string): z.output<S> | null => {
      if (!text) return null;
      try {
        return schema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
      } catch {
        throw new KioskError('INVALID_INPUT', { fields: { cursor: 'validation.cursor' } });
      }
    },
  };
}
