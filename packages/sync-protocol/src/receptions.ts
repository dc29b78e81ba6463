/**
 * Several counters, one store (issue 19, N-01 … N-03): the wire shapes of a reception as HQ keeps it (every change,
 * with its version) and of the claim a counter PC takes before it edits or settles a reception.
 *
 * A reception travels through the outbox like a settlement: each change is its own item, keyed by a fresh change id,
 * so a replay is `duplicate` and the kiosk's ordinary retry rules apply. HQ keeps the highest version it has heard of.
 */
import { z } from 'zod';
import { ITEM_GRADES, isoInstant, itemDescriptionShape, requiredText, text, uuid } from './wire.ts';


/** The kiosk's reception statuses, plus `deleted` for a reception removed from the list before settlement. */
export const RECEPTION_SYNC_STATUSES = ['received', 'appraising', 'appraised', 'settled', 'cancelled', 'deleted'] as const;
export type ReceptionSyncStatus = (typeof RECEPTION_SYNC_STATUSES)[number];

/** The item grades of an appraisal (S: as new … J: junk). */
export const RECEPTION_ITEM_GRADES = ITEM_GRADES;

/**
 * N-03: one item of a reception as another counter PC needs it to appraise and settle it. The stock code was issued
 * by the PC that added the item (unique across the chain), so it stays the item's code whichever PC settles.
 */
export const receptionItemPayloadSchema = z.object({
  id: uuid,
  position: z.number().int(),
  stockCode: requiredText.max(40),
  categoryId: requiredText.max(100),
  ...itemDescriptionShape,
  quantity: z.number().int().min(1),
  unitPrice: z.number().int().min(0),
  productCode: text.max(40),
  /** metal bought by weight, in centigrams, and the price per gram it was priced at. */
  weightCg: z.number().int().positive().nullable(),
  metalPricePerGram: z.number().int().min(0).nullable(),
  ecPublish: z.boolean(),
  cancelled: z.boolean(),
  createdAt: isoInstant,
});
export type ReceptionItemPayload = z.infer<typeof receptionItemPayloadSchema>;

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
  /**
   * N-03 (optional, so a kiosk that predates the store feed still validates): what another PC of the store needs to
   * appraise and settle the reception. Seller contact and identity (address, postal code, phone, birth date,
   * occupation, ID photos) are NOT here: they stay on the PC that took them, and the PC that settles records the
   * seller's identity itself at the point of purchase (kobutsu.md §2).
   */
  items: z.array(receptionItemPayloadSchema).optional(),
  adjustmentReason: text.optional(),
  note: text.optional(),
  suspectedStolen: z.boolean().optional(),
  /** The terminal the reception was taken at, and its staff member (the number names the terminal by number only). */
  originTerminalCode: requiredText.optional(),
  originStaffCode: requiredText.optional(),
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

/**
 * N-03: a member registered at one counter PC, so every PC of the store finds them (member numbers carry the store
 * and terminal, so they are unique across the chain without the network). What the member search needs travels:
 * number, name, reading, phone. Address, postal code, birth date and occupation stay on the PC that registered the
 * member; the PC that settles records the seller's identity itself at the point of purchase (kobutsu.md §2).
 */
export const memberPayloadSchema = z.object({
  schemaVersion: z.literal(1),
  changeId: uuid,
  customerId: uuid,
  memberNumber: requiredText,
  storeCode: requiredText,
  terminalCode: requiredText,
  staffCode: requiredText,
  name: requiredText,
  nameKana: text,
  phone: text,
  createdAt: isoInstant,
});
export type MemberPayload = z.infer<typeof memberPayloadSchema>;

/**
 * N-03: GET /api/v1/store/receptions?after=<cursor>&limit= — the terminal's own store's reception changes after the
 * cursor, oldest first. `cursor` is HQ's store change sequence of the last one (or `after` when there is none); each
 * reception appears at most once, at its newest version. `more`: ask again at once.
 */
export const STORE_FEED_PAGE_MAX = 200;
export const storeFeedEntrySchema = z.object({
  seq: z.number().int().min(1),
  reception: receptionPayloadSchema,
});
export type StoreFeedEntry = z.infer<typeof storeFeedEntrySchema>;
export const storeFeedMemberSchema = z.object({
  seq: z.number().int().min(1),
  member: memberPayloadSchema,
});
export type StoreFeedMember = z.infer<typeof storeFeedMemberSchema>;
/** Receptions and members share the store's sequence; `members` is absent from an HQ that predates it. */
export const storeFeedPageSchema = z.object({
  receptions: z.array(storeFeedEntrySchema),
  members: z.array(storeFeedMemberSchema).optional(),
  cursor: z.number().int().min(0),
  more: z.boolean(),
});
export type StoreFeedPage = z.infer<typeof storeFeedPageSchema>;
