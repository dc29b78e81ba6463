import { writeTransaction } from '../../db/write-transaction.ts';
import type {
  AgreementTerms,
  CustomerAsk,
  CustomerDisplayOpening,
  CustomerDisplaySettings,
  CustomerDisplayStatus,
  CustomerView,
  CustomerViewItem,
  Reception,
  TerminalInfo,
} from '../../preload/types.ts';
import { KioskError } from '../errors.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import { type ServiceDeps, nowIso } from './deps.ts';
import { readSetting, writeSetting } from './settings.ts';

/** How long the thank-you stays on the customer's screen before the welcome comes back. */
export const THANKS_MS = 20_000;
/**
 * A clerk's screen that closes (appraisal → settlement of the same transaction) is followed by the next one's show a
 * moment later; the customer's screen waits this long before it returns to the welcome, so it does not blink (and
 * the customer's chosen language is not reset) in between.
 */
export const LEAVE_GRACE_MS = 1_500;

/** What the customer's screen needs from the rest of the core; injected so the service can be tested on its own. */
export interface CustomerDisplayPorts {
  reception(receptionId: string): Reception | null;
  /** S-12: items the clerk has cancelled in the wizard so far (kept in the draft), struck through on the screen. */
  cancelledItemIds(receptionId: string): string[];
  terms(): AgreementTerms | null;
  terminal(): TerminalInfo | null;
  stageSignature(receptionId: string, dataUrl: string): void;
  dropSignature(receptionId: string): void;
}

/** V-02: what execute records about where and when the customer agreed and signed (settlement_confirmations). */
export interface CustomerConfirmation {
  agreement: { version: number; at: string } | null;
  signedAt: string | null;
}

interface Serving {
  receptionId: string;
  phase: 'appraisal' | 'settlement';
  ask: { what: CustomerAsk; id: string } | null;
  agreement: { version: number; at: string } | null;
  signedAt: string | null;
  termsChanged: boolean;
}

/**
 * The customer's own screen across the counter (V-01, V-02). The main process is the only source of what it shows:
 * the reception the clerk is working on (read from the database at every change), and what the clerk's wizard asks
 * of the customer (agree to the terms, sign). Everything is held in memory for one transaction only and forgotten
 * when it ends, so nothing of a customer is left for the next one; the customer's answers become part of the
 * settlement when it is executed (settlement_confirmations).
 */
export class CustomerDisplayService {
  private serving: Serving | null = null;
  private thanks: { total: number; timer: NodeJS.Timeout } | null = null;
  private leaving: NodeJS.Timeout | null = null;
  private revision = 0;
  private receivers = 0;
  private opening: CustomerDisplayOpening = { kind: 'none' };

  constructor(
    private readonly deps: ServiceDeps,
    private readonly ports: CustomerDisplayPorts,
    private readonly thanksMs = THANKS_MS,
    private readonly leaveGraceMs = LEAVE_GRACE_MS,
  ) {
    // The terminal session ended (signed out, lease lost): whatever was on the customer's screen goes.
    deps.events.on('session:changed', (state) => {
      if (!state.terminal && (this.serving || this.thanks)) this.reset();
    });
  }

  settings(): CustomerDisplaySettings {
    return readSetting(this.deps.db, 'customerDisplay');
  }

  saveSettings(actor: Actor, settings: CustomerDisplaySettings): CustomerDisplayStatus {
    const { db } = this.deps;
    const at = nowIso(this.deps);
    writeTransaction(db, () => {
      writeSetting(db, 'customerDisplay', settings, at);
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'settings.customerDisplay',
        entity: 'settings',
        entityId: 'settings.customerDisplay',
        detail: { placement: settings.placement },
      });
    });
    this.push();
    return this.status();
  }

  /** How this counter opens the customer window: told by the Electron shell or the browser host once they know. */
  setOpening(opening: CustomerDisplayOpening): void {
    this.opening = opening;
    this.push();
  }

  /** A customer window started listening; the returned function says it stopped (closed, reloaded, gone). */
  attach(): () => void {
    this.receivers++;
    this.push();
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      this.receivers--;
      this.push();
    };
  }

  status(): CustomerDisplayStatus {
    const serving = this.serving;
    return {
      connected: this.receivers > 0,
      opening: this.opening,
      settings: this.settings(),
      receptionId: serving?.receptionId ?? null,
      asking: serving?.ask?.what ?? null,
      agreement: serving?.agreement ?? null,
      signedAt: serving?.signedAt ?? null,
      termsChanged: serving?.termsChanged ?? false,
    };
  }

  /**
   * The clerk opened a transaction (appraisal or settlement). Another transaction than the one on the customer's
   * screen replaces it whole: nothing asked or answered for the first one carries over.
   */
  show(receptionId: string, phase: 'appraisal' | 'settlement'): CustomerDisplayStatus {
    const reception = this.ports.reception(receptionId);
    if (!reception) throw new KioskError('RECEPTION_NOT_FOUND');
    this.clearThanks();
    this.clearLeaving();
    if (this.serving?.receptionId === receptionId) {
      this.serving.phase = phase;
    } else {
      this.serving = { receptionId, phase, ask: null, agreement: null, signedAt: null, termsChanged: false };
    }
    this.push();
    return this.status();
  }

  /**
   * The clerk's screen that showed this reception in this phase closed: the customer's screen returns to the
   * welcome. Only that screen's own show is undone, so a leave that arrives after the next screen's show (appraisal →
   * settlement of the same reception, calls racing) changes nothing.
   */
  leave(receptionId: string, phase: 'appraisal' | 'settlement'): CustomerDisplayStatus {
    if (this.serving?.receptionId !== receptionId || this.serving.phase !== phase) return this.status();
    this.clearLeaving();
    const serving = this.serving;
    this.leaving = setTimeout(() => {
      this.leaving = null;
      if (this.serving === serving) this.reset();
    }, this.leaveGraceMs);
    this.leaving.unref();
    return this.status();
  }

  /** V-02: the clerk's wizard asks the customer, on the customer's screen, to agree to the terms or to sign. */
  ask(receptionId: string, what: CustomerAsk): CustomerDisplayStatus {
    const serving = this.servingFor(receptionId, 'settlement');
    if (what === 'terms' && !this.ports.terms()) throw new KioskError('TERMS_NONE');
    serving.ask = { what, id: this.deps.newId() };
    this.push();
    return this.status();
  }

  /**
   * V-02: the clerk takes the request back to their own screen (the customer's screen returns to the items). With
   * `discard`, the answer already given is voided as well: the agreement, or the signature the customer drew.
   */
  withdraw(receptionId: string, what: CustomerAsk, discard: boolean): CustomerDisplayStatus {
    const serving = this.serving;
    if (!serving || serving.receptionId !== receptionId) return this.status();
    if (serving.ask?.what === what) serving.ask = null;
    if (discard && what === 'terms') serving.agreement = null;
    if (discard && what === 'signature' && serving.signedAt) {
      serving.signedAt = null;
      this.ports.dropSignature(receptionId);
    }
    this.push();
    return this.status();
  }

  /** V-02: the customer pressed 同意する for the version on their screen. */
  agree(askId: string, termsVersion: number): CustomerView {
    const serving = this.answering(askId, 'terms');
    const terms = this.ports.terms();
    if (!terms || terms.version !== termsVersion) {
      // A manager saved new terms while the customer was reading: they must read and agree to the new ones.
      throw new KioskError('TERMS_CHANGED', { params: { agreed: termsVersion, current: terms?.version ?? 0 } });
    }
    const at = nowIso(this.deps);
    this.audit(serving.receptionId, at, 'customer.terms_agreed', { termsVersion });
    serving.agreement = { version: terms.version, at };
    serving.termsChanged = false;
    serving.ask = null;
    this.push();
    return this.view();
  }

  /** V-02: the customer pressed 署名する: this drawing is the signature stored with the settlement. */
  sign(askId: string, dataUrl: string): CustomerView {
    const serving = this.answering(askId, 'signature');
    this.ports.stageSignature(serving.receptionId, dataUrl);
    const at = nowIso(this.deps);
    this.audit(serving.receptionId, at, 'customer.signed', {});
    serving.signedAt = at;
    serving.ask = null;
    this.push();
    return this.view();
  }

  /** The clerk's own pad staged or dropped a signature: the one staged is no longer the customer's. */
  signatureReplacedByClerk(receptionId: string): void {
    if (this.serving?.receptionId !== receptionId || !this.serving.signedAt) return;
    this.serving.signedAt = null;
    this.push();
  }

  /** The reception on the customer's screen changed (an item appraised, an adjustment, a cancel marked in the wizard). */
  receptionChanged(receptionId: string): void {
    if (this.serving?.receptionId === receptionId) this.push();
  }

  /**
   * A manager saved terms. An agreement to another version is void (S-09: the customer agrees to the terms in force),
   * and a customer reading the old text is shown the new one under a new request.
   */
  termsSaved(): void {
    const serving = this.serving;
    if (!serving) return;
    const current = this.ports.terms();
    if (serving.agreement && serving.agreement.version !== current?.version) {
      serving.agreement = null;
      serving.termsChanged = true;
    }
    if (serving.ask?.what === 'terms') {
      if (current) serving.ask = { what: 'terms', id: this.deps.newId() };
      else serving.ask = null;
      serving.termsChanged = true;
    }
    this.push();
  }

  /** What execute records for this reception; null when the customer's screen had no part in it. */
  confirmation(receptionId: string): CustomerConfirmation | null {
    const serving = this.serving;
    if (serving?.receptionId !== receptionId || (!serving.agreement && !serving.signedAt)) return null;
    return { agreement: serving.agreement, signedAt: serving.signedAt };
  }

  /** Settled: the customer sees the total paid and a thank-you, then the welcome. Nothing of them is kept. */
  settled(receptionId: string, total: number): void {
    if (this.serving?.receptionId !== receptionId) return;
    this.serving = null;
    this.clearThanks();
    const timer = setTimeout(() => {
      this.thanks = null;
      this.push();
    }, this.thanksMs);
    timer.unref();
    this.thanks = { total, timer };
    this.push();
  }

  /** Cancelled or deleted: the customer's screen goes back to the welcome. */
  ended(receptionId: string): void {
    if (this.serving?.receptionId === receptionId) this.reset();
  }

  view(): CustomerView {
    const terminal = this.ports.terminal();
    const settings = this.settings();
    const base: CustomerView = {
      revision: this.revision,
      screen: 'welcome',
      shopName: terminal?.storeName ?? '',
      welcome: { ja: settings.welcomeJa, en: settings.welcomeEn },
      phase: null,
      items: [],
      adjustmentAmount: 0,
      total: 0,
      askId: null,
      terms: null,
      agreement: null,
      termsChanged: false,
      signed: false,
    };
    if (this.thanks) return { ...base, screen: 'thanks', total: this.thanks.total };
    const serving = this.serving;
    const reception = serving ? this.ports.reception(serving.receptionId) : null;
    if (!serving || !reception) return base;
    const cancelled = new Set(serving.phase === 'settlement' ? this.ports.cancelledItemIds(serving.receptionId) : []);
    const items: CustomerViewItem[] = reception.items.map((item) => ({
      id: item.id,
      name: item.name,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      amount: item.amount,
      cancelled: cancelled.has(item.id),
    }));
    const itemsTotal = items.filter((item) => !item.cancelled).reduce((sum, item) => sum + item.amount, 0);
    const ask = serving.ask;
    return {
      ...base,
      screen: ask ? (ask.what === 'terms' ? 'terms' : 'signature') : 'items',
      phase: serving.phase,
      items,
      adjustmentAmount: reception.adjustmentAmount,
      total: itemsTotal + reception.adjustmentAmount,
      askId: ask?.id ?? null,
      terms: ask?.what === 'terms' ? this.ports.terms() : null,
      agreement: serving.agreement,
      termsChanged: serving.termsChanged,
      signed: serving.signedAt !== null,
    };
  }

  private servingFor(receptionId: string, phase: 'appraisal' | 'settlement'): Serving {
    if (this.serving?.receptionId !== receptionId) this.show(receptionId, phase);
    return this.serving!;
  }

  private answering(askId: string, what: CustomerAsk): Serving {
    const serving = this.serving;
    // The clerk took the request back, moved to another step or transaction: this answer is for nothing on screen.
    if (!serving?.ask || serving.ask.id !== askId || serving.ask.what !== what) throw new KioskError('CUSTOMER_ASK_WITHDRAWN');
    return serving;
  }

  private audit(receptionId: string, at: string, action: string, detail: Record<string, unknown>): void {
    const { db } = this.deps;
    writeTransaction(db, () => {
      appendAudit(db, at, this.deps.newId, {
        // The customer acts here, not a member of staff.
        staffId: null,
        terminalId: this.ports.terminal()?.id ?? null,
        action,
        entity: 'reception',
        entityId: receptionId,
        detail,
      });
    });
  }

  /** The core is closing: no timer may touch the database after it. */
  close(): void {
    this.clearThanks();
    this.clearLeaving();
  }

  private clearLeaving(): void {
    if (this.leaving) clearTimeout(this.leaving);
    this.leaving = null;
  }

  private clearThanks(): void {
    if (this.thanks) clearTimeout(this.thanks.timer);
    this.thanks = null;
  }

  private reset(): void {
    this.serving = null;
    this.clearThanks();
    this.clearLeaving();
    this.push();
  }

  private push(): void {
    this.revision++;
    this.deps.events.emit('customer:view', this.view());
    this.deps.events.emit('customerDisplay:changed', this.status());
  }
}
