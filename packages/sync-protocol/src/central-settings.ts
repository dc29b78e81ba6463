/**
 * the buyback settings a chain may set centrally, with the schema the kiosk itself reads each key with
 * (main/services/settings.ts adds only its defaults), so HQ refuses at publish time a value a kiosk would refuse.
 *
 * Chosen keys, and why a chain wants them central:
 * - identity: when ID is checked (threshold, always) and how minors are treated — the chain's 古物営業法 compliance
 *   policy, the same at every counter (kobutsu.md §1, §5);
 * - till: the difference above which a till close needs a manager — the chain's cash-control policy;
 * - metalRounding: how weight × rate becomes yen — one rule for every store's customers;
 * - pointRule: the chain's loyalty programme — a point is worth the same at every store.
 * Not central: printers, customer display, documents, payment methods, the remitter account, security timings,
 * locale — they belong to the counter or the store.
 */
import { z } from 'zod';

export const centralSettingSchemas = {
  identity: z.object({
    thresholdYen: z.number().int().min(0).max(100_000_000),
    alwaysVerify: z.boolean(),
    minorAge: z.number().int().min(1).max(30),
    minorPolicy: z.enum(['consent', 'refuse']),
    writtenConsentAllowed: z.boolean(),
  }),
  till: z.object({ closeApprovalYen: z.number().int().min(0).max(100_000_000) }),
  metalRounding: z.enum(['floor', 'round', 'ceil']),
  pointRule: z.object({ perHundredYen: z.number().int().min(0).max(100), maxManual: z.number().int().min(0).max(100_000_000) }),
} as const;

export type CentralSettingKey = keyof typeof centralSettingSchemas;
export const CENTRAL_SETTING_KEYS = Object.keys(centralSettingSchemas) as CentralSettingKey[];

/** One key with its value, validated by that key's own schema. */
export const masterSettingSchema = z.discriminatedUnion('key', [
  z.object({ key: z.literal('identity'), value: centralSettingSchemas.identity }),
  z.object({ key: z.literal('till'), value: centralSettingSchemas.till }),
  z.object({ key: z.literal('metalRounding'), value: centralSettingSchemas.metalRounding }),
  z.object({ key: z.literal('pointRule'), value: centralSettingSchemas.pointRule }),
]);
export type MasterSetting = z.infer<typeof masterSettingSchema>;
