/**
 * One sync exchange (D-06, B-09, B-05): the kiosk POSTs a batch of outbox items with its audit chain head; HQ answers
 * with one result per item and its verdict on the chain.
 *
 * Protocol 2 (this file) adds per-item `stored` / `duplicate` / `conflict` / `invalid` / `error` with `retryable`, and
 * the chain report. A batch without `protocol: 2` comes from a kiosk of the first release; HQ answers it in the
 * first release's words (`accepted` with `duplicate`), so a chain can upgrade HQ before its kiosks.
 */
import { z } from 'zod';

export const PROTOCOL_VERSION = 2;
/** The most items one batch may carry; a kiosk sends at most its own batch size (100 by default). */
export const MAX_BATCH_ITEMS = 500;

/** An audit-log position: its sequence number and its (keyed) hash. */
export const chainPointSchema = z.object({
  seq: z.number().int().min(0),
  // Hex today; kept loose so a change of the kiosk's hash encoding does not make HQ refuse the whole batch.
  hash: z.string().min(1).max(200),
});
export type ChainPoint = z.infer<typeof chainPointSchema>;

/**
 * What the kiosk says about its audit chain (B-05): its head now, and the hash it holds now at the position HQ last
 * named as its anchor. HQ compares both with what it recorded, so a rewritten or rolled-back chain shows up at HQ even
 * when the kiosk's own file was edited.
 */
export const chainReportSchema = z.object({
  head: chainPointSchema.nullable(),
  check: chainPointSchema.nullable(),
});
export type ChainReport = z.infer<typeof chainReportSchema>;

export const batchRequestSchema = z.object({
  protocol: z.number().int().optional(),
  items: z
    .array(
      z.object({
        // Kind and id are checked per item, so one odd row is refused alone instead of failing the whole batch.
        kind: z.string().max(40),
        id: z.string().max(100),
        payload: z.unknown(),
      }),
    )
    .min(1)
    .max(MAX_BATCH_ITEMS),
  chain: chainReportSchema.optional(),
});
export type BatchRequest = z.infer<typeof batchRequestSchema>;
export type BatchItem = BatchRequest['items'][number];

export type ConflictCode = 'IDEMPOTENCY_CONFLICT' | 'RECEPTION_NUMBER_TAKEN' | 'RECEPTION_CLAIMED';
export type InvalidCode = 'INVALID_PAYLOAD' | 'UNKNOWN_KIND' | 'WRONG_STORE' | 'ID_MISMATCH';
export type ErrorCode = 'STORE_FAILED' | 'BUSY';

/**
 * HQ's verdict on one item. `stored` and `duplicate` mean HQ holds it and the kiosk may forget it. `conflict` and
 * `invalid` are final: sending the same body again cannot change the answer. `error` is HQ's own failure to store the
 * item; `retryable` says whether trying again later may work.
 */
export type ItemResult =
  | { id: string; kind: string; status: 'stored' | 'duplicate'; retryable: false; receivedAt: string }
  | { id: string; kind: string; status: 'conflict'; retryable: false; error: { code: ConflictCode; message: string } }
  | { id: string; kind: string; status: 'invalid'; retryable: false; error: { code: InvalidCode; message: string } }
  | { id: string; kind: string; status: 'error'; retryable: boolean; error: { code: ErrorCode; message: string } };

export type ItemStatus = ItemResult['status'];

export type DivergenceKind = 'HASH_MISMATCH' | 'HEAD_BACKWARDS';

export interface ChainDivergence {
  kind: DivergenceKind;
  /** The position where HQ's record and the kiosk's chain disagree (for HEAD_BACKWARDS: the head HQ had seen). */
  seq: number;
  /** For HEAD_BACKWARDS: the head the kiosk reports now. */
  reportedSeq: number;
  detectedAt: string;
}

/**
 * HQ's verdict on the chain: `ok`, or `diverged` (until HQ staff acknowledge it) with the first divergence. `anchor`
 * is the position the kiosk should report back as `check` next time.
 */
export interface ChainVerdict {
  status: 'ok' | 'diverged';
  anchor: ChainPoint | null;
  divergence: ChainDivergence | null;
}

export interface BatchResponse {
  results: ItemResult[];
  chain?: ChainVerdict;
}

/**
 * What the kiosk accepts from HQ: lenient, so a newer HQ with a status this kiosk does not know is retried rather than
 * misread, and the first release's `accepted` still counts.
 */
export const batchResponseSchema = z.object({
  results: z.array(
    z
      .object({
        id: z.string(),
        status: z.string(),
        retryable: z.boolean().optional(),
        duplicate: z.boolean().optional(),
        error: z.object({ code: z.string(), message: z.string().optional() }).optional(),
      })
      .loose(),
  ),
  chain: z
    .object({
      status: z.enum(['ok', 'diverged']),
      anchor: chainPointSchema.nullable(),
      divergence: z
        .object({
          kind: z.enum(['HASH_MISMATCH', 'HEAD_BACKWARDS']),
          seq: z.number().int(),
          reportedSeq: z.number().int(),
          detectedAt: z.string(),
        })
        .nullable(),
    })
    .optional(),
});
export type ParsedBatchResponse = z.infer<typeof batchResponseSchema>;
