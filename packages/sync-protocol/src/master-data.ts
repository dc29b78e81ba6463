/**
 * master data HQ publishes and every kiosk pulls — categories (with their always-verify flags), catalog entries,
 * the day's precious-metal buy prices, the agreement terms, staff (PIN hashes only) and the buyback settings a chain
 * sets centrally. Each published change gets the next version number of the chain; a kiosk
 * asks for what came after the version it holds (`GET /api/v1/master-data?since=&limit=`), a page at a time, and
 * applies the pages in one transaction. A change addressed to one store (`storeCode`) reaches only that store.
 */
import { z } from 'zod';
import { masterSettingSchema } from './central-settings.ts';
import { hashSecret, pinHashSchema } from './pin-hash.ts';

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

/** The agreement terms (S-09) as the kiosk keeps them: a title and a body; the kiosk numbers its own versions. */
export const masterTermsSchema = z.object({
  title: requiredText(200),
  body: requiredText(20_000),
});

const staffCode = z.string().regex(/^[A-Za-z0-9-]{1,32}$/);

/** A member of staff as the kiosk keeps them; the PIN only as its hash in the kiosk's own scheme. */
export const masterStaffSchema = z.object({
  code: staffCode,
  name: requiredText(100),
  role: z.enum(['clerk', 'manager']),
  active: z.boolean(),
  pinHash: pinHashSchema,
});

/**
 * What an admin may send for a member of staff: the hash, or the PIN (4–8 digits, like the kiosk's PIN rule) which
 * HQ hashes at once — only the hash is stored and sent to kiosks.
 */
const publishedStaffSchema = masterStaffSchema
  .omit({ pinHash: true })
  .extend({ pinHash: pinHashSchema.optional(), pin: z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits').optional() })
  .refine((staff) => (staff.pin === undefined) !== (staff.pinHash === undefined), 'give either pin or pinHash')
  .transform(({ pin, pinHash, ...staff }) => ({ ...staff, pinHash: pinHash ?? hashSecret(pin!) }));

const storeCode = z.string().min(1).max(32).nullable().default(null);

const categoryChange = z.object({ kind: z.literal('category'), storeCode, data: masterCategorySchema });
const catalogChange = z.object({ kind: z.literal('catalog'), storeCode, data: masterCatalogItemSchema });
const metalPriceChange = z.object({ kind: z.literal('metal_price'), storeCode, data: masterMetalPriceSchema });
const termsChange = z.object({ kind: z.literal('terms'), storeCode, data: masterTermsSchema });
const settingChange = z.object({ kind: z.literal('setting'), storeCode, data: masterSettingSchema });

/** One change on the wire: one schema per kind (a kiosk applies each kind in its own case). */
export const masterChangeInputSchema = z.discriminatedUnion('kind', [
  categoryChange,
  catalogChange,
  metalPriceChange,
  termsChange,
  z.object({ kind: z.literal('staff'), storeCode, data: masterStaffSchema }),
  settingChange,
]);
export type MasterChangeInput = z.infer<typeof masterChangeInputSchema>;
export type MasterKind = MasterChangeInput['kind'];

/** What an admin publishes: the same, except that a member of staff may come with a PIN for HQ to hash. */
const masterPublishChangeSchema = z.discriminatedUnion('kind', [
  categoryChange,
  catalogChange,
  metalPriceChange,
  termsChange,
  z.object({ kind: z.literal('staff'), storeCode, data: publishedStaffSchema }),
  settingChange,
]);

export const masterPublishRequestSchema = z.object({
  changes: z.array(masterPublishChangeSchema).min(1).max(1_000),
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
