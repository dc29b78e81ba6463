import type { AgreementTerms, BuybackSettings, PaymentMethod } from '../../preload/types.ts';
import type { Actor } from './accounts.ts';
import { KioskError } from '../errors.ts';
import { appendAudit } from './audit.ts';
import { type ServiceDeps, nowIso } from './deps.ts';
import { readSetting, type SettingValue, writeSetting } from './settings.ts';
import { currentTerms } from './settlement.ts';
import { writeTransaction } from '../../db/write-transaction.ts';

/**
 * P-04 buyback settings, changed by a manager only: agreement terms (S-09), extra payment methods (S-16), the point
 * rule (S-17) and the counter's security limits. Terms are versioned — a change is a new version, the old one stays
 * so every settlement still names exactly the text the customer agreed to.
 */
/** HQ owns the terms once it has published a version for this store; the store's editor is then read-only. */
export function termsOwnedByHq(db: ServiceDeps['db']): boolean {
  return db.prepare("SELECT 1 FROM agreement_terms WHERE owner = 'hq' LIMIT 1").get() !== undefined;
}

export class BuybackSettingsService {
  constructor(private readonly deps: ServiceDeps) {}

  get(): BuybackSettings {
    const { db } = this.deps;
    return {
      terms: currentTerms(db),
      paymentMethods: readSetting(db, 'paymentMethods'),
      pointRule: readSetting(db, 'pointRule'),
      security: readSetting(db, 'security'),
    };
  }

  /** A new terms version, or none at all (the agreement step is then skipped, S-09). */
  saveTerms(actor: Actor, terms: { title: string; body: string } | null): AgreementTerms | null {
    const { db } = this.deps;
    const at = nowIso(this.deps);
    writeTransaction(db, () => {
      // once HQ publishes the terms they are the chain's; checked in the transaction that would write.
      if (termsOwnedByHq(db)) throw new KioskError('MASTER_DATA_HQ_OWNED', { message: 'errors.MASTER_DATA_HQ_OWNED_terms' });
      db.prepare('UPDATE agreement_terms SET active = 0 WHERE active = 1').run();
      let version: number | null = null;
      if (terms) {
        version = (db.prepare('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM agreement_terms').get() as { v: number }).v;
        db.prepare('INSERT INTO agreement_terms (version, title, body, active, created_at, created_by) VALUES (?, ?, ?, 1, ?, ?)').run(
          version,
          terms.title,
          terms.body,
          at,
          actor.staff.id,
        );
      }
      this.audit(actor, at, 'settings.terms', { version });
    });
    return currentTerms(db);
  }

  savePaymentMethods(actor: Actor, methods: PaymentMethod[]): void {
    this.save(actor, 'paymentMethods', methods);
  }

  savePointRule(actor: Actor, rule: SettingValue<'pointRule'>): void {
    this.save(actor, 'pointRule', rule);
  }

  saveSecurity(actor: Actor, security: SettingValue<'security'>): void {
    this.save(actor, 'security', security);
  }

  private save<K extends 'paymentMethods' | 'pointRule' | 'security'>(actor: Actor, key: K, value: SettingValue<K>): void {
    const { db } = this.deps;
    const at = nowIso(this.deps);
    writeTransaction(db, () => {
      writeSetting(db, key, value, at);
      this.audit(actor, at, `settings.${key}`, {});
    });
  }

  private audit(actor: Actor, at: string, action: string, detail: Record<string, unknown>): void {
    appendAudit(this.deps.db, at, this.deps.newId, {
      staffId: actor.staff.id,
      terminalId: actor.terminal.id,
      action,
      entity: 'settings',
      entityId: action,
      detail,
    });
  }
}
