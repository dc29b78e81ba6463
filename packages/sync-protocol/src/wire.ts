/**
 * The building blocks every payload of the protocol is made of, in one place so the kiosk and HQ judge text, money
 * and time the same way in every kind.
 */
import { z } from 'zod';

export const uuid = z.string().uuid();
export const isoInstant = z.string().datetime({ offset: true });
export const yen = z.number().int();

/**
 * Text on the wire. NUL is refused: PostgreSQL cannot store it in TEXT, so a payload holding one would be stored by an
 * HQ on SQLite and refused by one on PostgreSQL. The kiosk's contract refuses every control character in free text;
 * older rows already queued with other control characters stay deliverable.
 */
export const text = z.string().refine((value) => !value.includes('\u0000'), 'NUL character');
export const requiredText = text.refine((value) => value.length > 0, 'empty');

/** The item grades of an appraisal (S: as new … J: junk). */
export const ITEM_GRADES = ['S', 'A', 'B', 'C', 'D', 'J'] as const;

/** What describes a bought item, the same in a reception change and in a settlement. */
export const itemDescriptionShape = {
  name: text,
  maker: text,
  model: text,
  serial: text,
  colour: text,
  features: text,
  grade: z.enum(ITEM_GRADES),
};
