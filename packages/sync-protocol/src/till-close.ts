/**
 * M-07: a till's close, as the kiosk sends it to HQ through the outbox in the close's own transaction. One per till
 * session; the session id is the idempotency key. HQ shows closes per store and business day.
 */
import { z } from 'zod';
import { isoInstant, requiredText, text, uuid, yen } from './wire.ts';


/** Pieces counted per denomination, keyed by the denomination in yen ("10000": 3). */
const denominationCounts = z.record(z.string().regex(/^\d{1,5}$/), z.number().int().min(0));

const tally = z.object({ count: z.number().int().min(0), amount: yen.min(0) });

export const tillClosePayloadSchema = z
  .object({
    schemaVersion: z.literal(1),
    tillSessionId: uuid,
    storeCode: requiredText,
    terminalCode: requiredText,
    /** Who opened the till and who closed it. */
    openedByStaffCode: requiredText,
    staffCode: requiredText,
    openedAt: isoInstant,
    closedAt: isoInstant,
    openingFloat: yen.min(0),
    openingCounts: denominationCounts,
    /** Cash settlements paid out of the till. */
    payouts: tally,
    /** Settlements of the session's period at this terminal paid otherwise (bank transfer…). */
    otherMethods: z.array(tally.extend({ method: requiredText, label: text })),
    payIns: tally,
    payOuts: tally,
    exchanges: tally,
    checks: z.array(z.object({ at: isoInstant, expected: yen, counted: yen.min(0), difference: yen })),
    expected: yen,
    counted: yen.min(0),
    /** counted − expected: negative when cash is missing. */
    difference: yen,
    closingCounts: denominationCounts,
    /** The manager who approved a difference above the shop's limit; null when none was needed. */
    approvedByStaffCode: text.nullable(),
  })
  .refine((close) => close.difference === close.counted - close.expected, { message: 'difference is counted − expected', path: ['difference'] });

export type TillClosePayload = z.infer<typeof tillClosePayloadSchema>;
