import { z } from 'zod';
import type { Db } from '../../db/open.ts';
import { ACCOUNT_TYPES } from '../../common/bank-account.ts';
import { DEFAULT_IDENTITY_SETTINGS } from '../../common/compliance.ts';
import { defaultPrinterSettings, printerSettingsSchema } from '../../common/printing.ts';
import { cachedStatement } from '../../db/statements.ts';
import { KioskError } from '../errors.ts';
import { centralSettingSchemas } from 'kaitori-sync-protocol';

/**
 * Shop settings (P-04), stored as JSON per key and always read through these schemas, so a value written by an
 * older build or by hand falls back to a safe default instead of crashing the counter. The keys a chain may set
 * centrally take their schema from the protocol package, so HQ validates a value exactly as the kiosk reads it.
 */
export const settingsSchemas = {
  paymentMethods: z
    .array(z.object({ id: z.string().regex(/^[a-z0-9_-]{1,40}$/), labelJa: z.string().min(1), labelEn: z.string().min(1) }))
    .default([]),
  pointRule: centralSettingSchemas.pointRule.default({ perHundredYen: 1, maxManual: 100_000 }),
  security: z
    .object({
      idleLockMinutes: z.number().int().min(1).max(240),
      maxPinAttempts: z.number().int().min(1).max(20),
      lockoutMinutes: z.number().int().min(1).max(1440),
      /** Adjustments larger than this (in either direction) need a manager. */
      managerAdjustmentYen: z.number().int().min(0),
    })
    .default({ idleLockMinutes: 5, maxPinAttempts: 5, lockoutMinutes: 15, managerAdjustmentYen: 10_000 }),
  locale: z.enum(['ja', 'en']).default('ja'),
  /** B-01, B-03 (kobutsu.md §1, §5): when identity is verified and how minors are treated. */
  identity: centralSettingSchemas.identity.default({ ...DEFAULT_IDENTITY_SETTINGS }),
  /** M-05: a till closing with a difference larger than this (either way) needs a manager's approval. */
  till: centralSettingSchemas.till.default({ closeApprovalYen: 1_000 }),
  /** 周辺機器設定: receipt and label printers; a new install prints to the virtual printer (B-07). */
  printers: printerSettingsSchema.default(defaultPrinterSettings),
  /**
   * V-02: where the terms and the signature happen by default. 'customer' takes effect only while a customer window
   * is connected; without one the clerk's screen does it. The welcome texts are the shop's own (empty: the app's).
   */
  customerDisplay: z
    .object({ placement: z.enum(['clerk', 'customer']), welcomeJa: z.string().max(200), welcomeEn: z.string().max(200) })
    .default({ placement: 'customer', welcomeJa: '', welcomeEn: '' }),
  /** Q-02 (issue 16): a quote is valid through its issue date plus quoteValidDays (0: the day of issue only). */
  documents: z.object({ quoteValidDays: z.number().int().min(0).max(90) }).default({ quoteValidDays: 7 }),
  /** M-08: 依頼人 of the 全銀 transfer file — the shop's company code and the account transfers are paid from. */
  zenginRemitter: z
    .object({
      companyCode: z.string().regex(/^\d{10}$/),
      companyName: z.string().min(1).max(40),
      bankCode: z.string().regex(/^\d{4}$/),
      bankName: z.string().min(1).max(30),
      branchCode: z.string().regex(/^\d{3}$/),
      branchName: z.string().min(1).max(30),
      accountType: z.enum(ACCOUNT_TYPES),
      accountNumber: z.string().regex(/^\d{7}$/),
    })
    .nullable()
    .default(null),
  /** how weight × price per gram becomes whole yen. */
  metalRounding: centralSettingSchemas.metalRounding.default('floor'),
} as const;

export type SettingKey = keyof typeof settingsSchemas;
export type SettingValue<K extends SettingKey> = z.output<(typeof settingsSchemas)[K]>;

export function readSetting<K extends SettingKey>(db: Db, key: K): SettingValue<K> {
  const row = cachedStatement(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  const schema = settingsSchemas[key];
  if (row) {
    try {
      const parsed = schema.safeParse(JSON.parse(row.value));
      if (parsed.success) return parsed.data as SettingValue<K>;
    } catch {
      // Unparseable JSON falls through to the default below.
    }
  }
  return schema.parse(undefined) as SettingValue<K>;
}

/**
 * refused for a key HQ has published (the chain sets it centrally). Checked here, inside the caller's write
 * transaction, so a save racing HQ's pull is refused whole — its audit entry with it — and never overwrites HQ's value.
 */
export function writeSetting<K extends SettingKey>(db: Db, key: K, value: SettingValue<K>, at: string): void {
  if (settingOwner(db, key) === 'hq') {
    throw new KioskError('MASTER_DATA_HQ_OWNED', { message: 'errors.MASTER_DATA_HQ_OWNED_setting' });
  }
  const checked = settingsSchemas[key].parse(value);
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(checked), at);
}

/** Who sets a key: 'hq' once HQ published a value for it, otherwise the store. */
export function settingOwner(db: Db, key: SettingKey): 'hq' | 'store' {
  const row = cachedStatement(db, 'SELECT owner FROM settings WHERE key = ?').get(key) as { owner: 'hq' | 'store' } | undefined;
  return row?.owner ?? 'store';
}

/** The keys HQ sets for this store (the settings screens show them read-only). */
export function hqOwnedSettings(db: Db): SettingKey[] {
  return (cachedStatement(db, "SELECT key FROM settings WHERE owner = 'hq' ORDER BY key").all() as { key: SettingKey }[]).map((row) => row.key);
}
