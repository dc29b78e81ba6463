/**
 * master data HQ publishes and every kiosk pulls — categories (with their always-verify flags), catalog entries
 * and the day's precious-metal buy prices. Each published change gets the next version number of the chain; a kiosk
 * asks for what came after the version it holds (`GET /api/v1/master-data?since=&limit=`), a page at a time, and
 * applies the pages in one transaction. A change addressed to one store (`storeCode`) reaches only that store.
 */
import { z } from 'zod';

const text = (max: number) => z.string().max(max).refine((value) => !value.includes('\u0000'), 'NUL character');
const requiredText = (max: number) => text(max).refine((value) => value.trim().length > 0, 'empty');

export const masterCategorySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  parentId: z.string().regex(/^[a-z0-9-]{1,40}$/).nullable(),
  nameJa: requiredText(60),
  nameEn: requiredText(60),
  /** kobutsu.md §1: identity is always verified for this kind of goods. */
  alwaysVerify: z.boolean(),
  sortOrder: z.number().int().min(0).max(1_000_000),
  /** A category items refer to is deactivated, never deleted. */
  active: z.boolean(),
  /** the purity mark of a metal category ('K18' …), priced by weight; null otherwise. */
  metal: text(20).nullable().default(null),
});

/** GS1 modulo-10: the last digit checks the others (the kiosk's common/product-code.ts applies the same rule). */
function gs1CheckDigitHolds(code: string): boolean {
  let sum = 0;
  for (let i = 1; i < code.length; i++) sum += Number(code[code.length - 1 - i]) * (i % 2 === 1 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(code.at(-1));
}

export const masterCatalogItemSchema = z.object({
  /** A product code as the kiosk's catalog keys it: EAN-13 (UPC-A with its leading 0) or EAN-8, check digit valid. */
  code: z.string().regex(/^(\d{8}|\d{13})$/).refine(gs1CheckDigitHolds, 'check digit'),
  name: requiredText(200),
  maker: text(200),
  model: text(200),
  categoryId: z.string().regex(/^[a-z0-9-]{1,40}$/),
  attributes: z.record(z.string().max(40), text(200)).default({}),
});

export const masterMetalPriceSchema = z.object({
  metal: requiredText(20),
  /** The Tokyo business day the price is for. */
  businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  pricePerGram: z.number().int().positive().max(100_000_000),
});

/** What an admin publishes: one change each, for the whole chain or (storeCode) one store. */
export const masterChangeInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('category'), storeCode: z.string().min(1).max(32).nullable().default(null), data: masterCategorySchema }),
  z.object({ kind: z.literal('catalog'), storeCode: z.string().min(1).max(32).nullable().default(null), data: masterCatalogItemSchema }),
  z.object({ kind: z.literal('metal_price'), storeCode: z.string().min(1).max(32).nullable().default(null), data: masterMetalPriceSchema }),
]);
export type MasterChangeInput = z.infer<typeof masterChangeInputSchema>;

export const masterPublishRequestSchema = z.object({
  changes: z.array(masterChangeInputSchema).min(1).max(1_000),
  /** Who publishes (shown on the admin page, never used for access). */
  publishedBy: requiredText(100).default('admin'),
});
export type MasterPublishRequest = z.infer<typeof masterPublishRequestSchema>;

/** One published change as a kiosk receives it. */
export const masterChangeSchema = z.intersection(
  masterChangeInputSchema,
  z.object({ version: z.number().int().positive(), publishedAt: z.string().datetime({ offset: true }) }),
);
export type MasterChange = z.infer<typeof masterChangeSchema>;

/** A page of changes after `since`; `version` is the newest the page holds (or `since` when empty). */
export const masterPageSchema = z.object({
  changes: z.array(masterChangeSchema),
  version: z.number().int().min(0),
  more: z.boolean(),
});
export type MasterPage = z.infer<typeof masterPageSchema>;

export const MASTER_PAGE_MAX = 500;
