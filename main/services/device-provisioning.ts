import { splitLicence } from '../../common/shop-licence.ts';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../../db/open.ts';
import type { KeyProvider } from '../crypto/keys.ts';
import { KioskError } from '../errors.ts';
import { saveSyncConnection } from '../sync/provisioning.ts';
import { appendAudit } from './audit.ts';
import { hashSecret } from './passwords.ts';
import { writeTransaction } from '../../db/write-transaction.ts';

/** The file IT places in the data folder before the first start (README, IT guide §1). */
export const PROVISIONING_FILE = 'provision.json';

const pin = z.string().regex(/^\d{4,8}$/);
export const deviceProvisioningSchema = z.object({
  store: z.object({
    code: z.string().regex(/^[A-Z0-9]{1,8}$/),
    name: z.string().min(1).max(100),
    postalCode: z.string().max(10).default(''),
    address: z.string().max(200).default(''),
    phone: z.string().max(20).default(''),
    licenceNumber: z.string().max(100).default(''),
    /** Issue 16: the 公安委員会 of the licence; when absent, split off a licence typed as one line. */
    publicSafetyCommission: z.string().max(30).default(''),
    invoiceNumber: z.union([z.literal(''), z.string().regex(/^T\d{13}$/)]).default(''),
  }),
  terminal: z.object({
    code: z.string().min(1).max(32),
    number: z.number().int().min(1).max(99),
    name: z.string().min(1).max(50),
    password: z.string().min(8).max(128),
  }),
  staff: z
    .array(z.object({ code: z.string().min(1).max(32), name: z.string().min(1).max(50), role: z.enum(['clerk', 'manager']), pin }))
    .min(1)
    .refine((list) => list.some((s) => s.role === 'manager'), 'at least one manager'),
  hq: z.object({ url: z.string().url(), token: z.string().min(16) }).optional(),
});
export type DeviceProvisioning = z.infer<typeof deviceProvisioningSchema>;

/**
 * D-09, P-05: a real shop's counter PC starts from IT's provisioning file instead of the demo store — the store, this
 * PC's terminal account, the first staff (at least one manager) and optionally HQ. Applied once, on a new database,
 * in one transaction. Secrets are hashed (PINs, password) or encrypted (HQ token); the file is then rewritten without
 * them, so no password stays on disk in plain text.
 */
export function applyDeviceProvisioning(db: Db, input: unknown, deps: { now: string; newId: () => string; keys: KeyProvider }): void {
  const parsed = deviceProvisioningSchema.safeParse(input);
  if (!parsed.success) throw new KioskError('PROVISIONING_INVALID', { params: { problems: parsed.error.issues.map((i) => i.path.join('.')).join(', ') } });
  const p = parsed.data;
  const licence = p.store.publicSafetyCommission
    ? { licenceNumber: p.store.licenceNumber, publicSafetyCommission: p.store.publicSafetyCommission }
    : splitLicence(p.store.licenceNumber);
  const storeId = deps.newId();
  const terminalId = deps.newId();
  writeTransaction(db, () => {
    if ((db.prepare('SELECT COUNT(*) AS n FROM stores').get() as { n: number }).n > 0) throw new KioskError('ALREADY_PROVISIONED');
    db.prepare(
      `INSERT INTO stores (id, code, name, postal_code, address, phone, licence_number, public_safety_commission, invoice_number, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(storeId, p.store.code, p.store.name, p.store.postalCode, p.store.address, p.store.phone, licence.licenceNumber, licence.publicSafetyCommission, p.store.invoiceNumber, deps.now);
    db.prepare('INSERT INTO terminals (id, store_id, code, number, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      terminalId,
      storeId,
      p.terminal.code,
      p.terminal.number,
      p.terminal.name,
      hashSecret(p.terminal.password),
      deps.now,
    );
    const insertStaff = db.prepare('INSERT INTO staff (id, store_id, code, name, role, pin_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const s of p.staff) insertStaff.run(deps.newId(), storeId, s.code, s.name, s.role, hashSecret(s.pin), deps.now);
    if (p.hq) {
      saveSyncConnection(db, deps.keys, { hqUrl: p.hq.url, storeCode: p.store.code, terminalCode: p.terminal.code, token: p.hq.token }, new Date(deps.now));
    }
    appendAudit(db, deps.now, deps.newId, {
      staffId: null,
      terminalId,
      action: 'device.provision',
      entity: 'terminal',
      entityId: terminalId,
      detail: { store: p.store.code, staff: p.staff.length, hq: Boolean(p.hq) },
    });
  });
}

/** Applies `<dataDir>/provision.json` when present; returns whether it did. The file keeps only non-secret fields. */
export function provisionFromDataDir(db: Db, file: string, deps: { now: string; newId: () => string; keys: KeyProvider }): boolean {
  if (!existsSync(file)) return false;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as DeviceProvisioning;
  applyDeviceProvisioning(db, raw, deps);
  const redacted = {
    store: raw.store,
    terminal: { code: raw.terminal.code, number: raw.terminal.number, name: raw.terminal.name },
    staff: raw.staff.map(({ code, name, role }) => ({ code, name, role })),
    hq: raw.hq ? { url: raw.hq.url } : undefined,
    appliedAt: deps.now,
  };
  writeFileSync(`${file}.applied.json`, JSON.stringify(redacted, null, 2), { mode: 0o600 });
  rmSync(file);
  return true;
}
