/**
 * Several counters, one store (issue 19, N-01 … N-03): the wire shapes of a reception as HQ keeps it (every change,
 * with its version) and of the claim a counter PC takes before it edits or settles a reception.
 *
 * A reception travels through the outbox like a settlement: each change is its own item, keyed by a fresh change id,
 * so a replay is `duplicate` and the kiosk's ordinary retry rules apply. HQ keeps the highest version it has heard of.
 */
import { z } from 'zod';

const uuid = z.string().uuid();
const isoInstant = z.string().datetime({ offset: true });
const text = z.string().refine((value) => !value.includes('\u0000'), 'NUL character');
const requiredText = text.refine((value) => value.length > 0, 'empty');

/** The kiosk's reception statuses, plus `deleted` for a reception removed from the list before settlement. */
export const RECEPTION_SYNC_STATUSES = ['received', 'appraising', 'appraised', 'settled', 'cancelled', 'deleted'] as const;
export type ReceptionSyncStatus = (typeof RECEPTION_SYNC_STATUSES)[number];

/**
 * N-01: one change of a reception. Only what the store's reception list shows travels: no address, phone or birth
 * date (those stay on the PC that took them in and go to HQ with the settlement, as before).
 */
export const receptionPayloadSchema = z.object({
  schemaVersion: z.literal(1),
  changeId: uuid,
  receptionId: uuid,
  receptionNumber: requiredText,
  storeCode: requiredText,
  /** The terminal that made this change (the reception's own terminal is in its number). */
  terminalCode: requiredText,
  staffCode: requiredText,
  version: z.number().int().min(1),
  status: z.enum(RECEPTION_SYNC_STATUSES),
  sellerName: text,
  sellerNameKana: text,
  memberNumber: text.nullable(),
  itemCount: z.number().int().min(0),
  itemsTotal: z.number().int().min(0),
  adjustmentAmount: z.number().int(),
  createdAt: isoInstant,
  changedAt: isoInstant,
});
export type ReceptionPayload = z.infer<typeof receptionPayloadSchema>;

/** How long a claim lives unless renewed, and how often the screen holding it renews it (seconds). */
export const DEFAULT_CLAIM_TTL_SECONDS = 60;
export const DEFAULT_CLAIM_RENEW_SECONDS = 20;

/** N-02: POST /api/v1/receptions/:receptionId/claim — take or renew the claim (the same call does both). */
export const claimRequestSchema = z.object({
  receptionNumber: requiredText.max(40),
});
export type ClaimRequest = z.infer<typeof claimRequestSchema>;

/** Who holds a reception: the terminal account's code, and until when unless renewed. */
export const claimHolderSchema = z.object({
  terminalCode: z.string(),
  claimedAt: z.string(),
  expiresAt: z.string(),
});
export type ClaimHolder = z.infer<typeof claimHolderSchema>;

/** 200: the caller holds the claim until expiresAt. 409: another terminal holds it (`holder`). */
export const claimResponseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), receptionId: z.string(), expiresAt: z.string(), ttlSeconds: z.number(), renewSeconds: z.number() }),
  z.object({ ok: z.literal(false), code: z.literal('RECEPTION_CLAIMED'), holder: claimHolderSchema }),
]);
export type ClaimResponse = z.infer<typeof claimResponseSchema>;
