import type { BankAccount } from '../../common/bank-account.ts';
import { tokyoDate } from '../../common/compliance.ts';
import type { BankTransferRow } from '../../preload/types.ts';
import { cachedStatement } from '../../db/statements.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import { type ZenginRemitter, zenginFile } from '../domain/zengin-file.ts';
import { KioskError } from '../errors.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import type { ServiceDeps } from './deps.ts';
import { readSetting, writeSetting } from './settings.ts';
import type { ImageVault } from './vault.ts';

interface SealedRow {
  id: string;
  key_id: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

interface PendingRow extends SealedRow {
  amount: number;
  created_at: string;
  exported_at: string | null;
  export_count: number;
  reception_number: string;
}

/**
 * M-08: bank transfers to sellers. The account is recorded at execute (inside the settlement's transaction, see
 * SettlementService), encrypted with the vault that protects ID photos, and never written to the audit or any log;
 * a manager lists the pending ones, exports them as a 全銀 総合振込 file (again if need be) and marks them paid.
 */
export class BankTransferService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly vault: ImageVault,
  ) {}

  /** Called by execute inside its transaction: the transfer exists exactly when the settlement does. */
  record(entry: { settlementId: string; customerId: string | null; amount: number; account: BankAccount; actor: Actor; at: string }): void {
    const { db } = this.deps;
    const id = this.deps.newId();
    const sealed = this.vault.seal(Buffer.from(JSON.stringify(entry.account)), id);
    cachedStatement(
      db,
      `INSERT INTO bank_transfers (id, settlement_id, customer_id, amount, key_id, iv, tag, ciphertext, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, entry.settlementId, entry.customerId, entry.amount, sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext, entry.at);
    // The amount only: the account is personal data and stays in the encrypted row.
    appendAudit(db, entry.at, this.deps.newId, {
      staffId: entry.actor.staff.id,
      terminalId: entry.actor.terminal.id,
      action: 'bank_transfer.recorded',
      entity: 'bank_transfer',
      entityId: id,
      detail: { settlementId: entry.settlementId, amount: entry.amount },
    });
  }

  /** 振込管理: the transfers not yet marked paid, oldest first. */
  pending(): BankTransferRow[] {
    return this.pendingRows().map((row) => {
      // A database brought from another PC whose key was not imported: the row is listed, its account unreadable.
      const account = this.tryOpen(row);
      return {
        id: row.id,
        receptionNumber: row.reception_number,
        settledAt: row.created_at,
        readable: account !== null,
        holderKana: account?.holderKana ?? '',
        bankCode: account?.bankCode ?? '',
        bankName: account?.bankName ?? '',
        branchCode: account?.branchCode ?? '',
        branchName: account?.branchName ?? '',
        amount: row.amount,
        exportedAt: row.exported_at,
        exportCount: row.export_count,
      };
    });
  }

  /** A member's most recent account, offered for reuse at the next bank-transfer buyback; null when none. */
  lastAccount(customerId: string): BankAccount | null {
    const row = cachedStatement(
      this.deps.db,
      'SELECT id, key_id, iv, tag, ciphertext FROM bank_transfers WHERE customer_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
    ).get(customerId) as SealedRow | undefined;
    return row ? this.tryOpen(row) : null;
  }

  remitter(): ZenginRemitter | null {
    return readSetting(this.deps.db, 'zenginRemitter');
  }

  saveRemitter(actor: Actor, remitter: ZenginRemitter): ZenginRemitter {
    const at = this.deps.clock().toISOString();
    writeTransaction(this.deps.db, () => {
      writeSetting(this.deps.db, 'zenginRemitter', remitter, at);
      appendAudit(this.deps.db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'settings.zengin_remitter',
        entity: 'settings',
        entityId: 'zenginRemitter',
        detail: { companyCode: remitter.companyCode, bankCode: remitter.bankCode, branchCode: remitter.branchCode },
      });
    });
    return remitter;
  }

  /**
   * The 全銀 file of the chosen pending transfers, to be paid on `transferDate` (YYYY-MM-DD). Recorded as exported
   * (audited); they stay pending, so the file can be made again until a manager marks them paid.
   */
  exportFile(actor: Actor, ids: string[], transferDate: string): { filename: string; content: Buffer } {
    const remitter = this.remitter();
    if (!remitter) throw new KioskError('ZENGIN_REMITTER_MISSING');
    if (transferDate < tokyoDate(this.deps.clock())) throw new KioskError('TRANSFER_DATE_PAST');
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    return writeTransaction(db, () => {
      const rows = this.chosenPending(ids);
      const transfers = rows.map((row) => {
        const account = this.tryOpen(row);
        if (!account) throw new KioskError('BANK_ACCOUNT_UNREADABLE', { params: { number: row.reception_number } });
        return { account, amount: row.amount };
      });
      const [, month, day] = transferDate.split('-').map(Number) as [number, number, number];
      const content = zenginFile(remitter, { month, day }, transfers);
      const mark = cachedStatement(db, 'UPDATE bank_transfers SET exported_at = ?, export_count = export_count + 1 WHERE id = ?');
      for (const row of rows) mark.run(at, row.id);
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'bank_transfer.exported',
        entity: 'bank_transfer',
        entityId: rows.map((r) => r.id).join(','),
        detail: { count: rows.length, total: rows.reduce((sum, r) => sum + r.amount, 0), transferDate },
      });
      return { filename: `zengin-${transferDate.replaceAll('-', '')}`, content };
    });
  }

  /** After the bank confirmed: the chosen exported transfers leave the pending list (each audited). */
  markPaid(actor: Actor, ids: string[]): { paid: number } {
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    return writeTransaction(db, () => {
      const rows = this.chosenPending(ids);
      const notExported = rows.filter((row) => row.exported_at === null);
      if (notExported.length > 0) throw new KioskError('BANK_TRANSFER_NOT_EXPORTED', { params: { number: notExported[0]!.reception_number } });
      const mark = cachedStatement(db, 'UPDATE bank_transfers SET paid_at = ?, paid_by = ? WHERE id = ? AND paid_at IS NULL');
      for (const row of rows) {
        mark.run(at, actor.staff.id, row.id);
        appendAudit(db, at, this.deps.newId, {
          staffId: actor.staff.id,
          terminalId: actor.terminal.id,
          action: 'bank_transfer.paid',
          entity: 'bank_transfer',
          entityId: row.id,
          detail: { amount: row.amount, receptionNumber: row.reception_number },
        });
      }
      return { paid: rows.length };
    });
  }

  private pendingRows(): PendingRow[] {
    return cachedStatement(
      this.deps.db,
      `SELECT b.id, b.key_id, b.iv, b.tag, b.ciphertext, b.amount, b.created_at, b.exported_at, b.export_count, r.number AS reception_number
         FROM bank_transfers b JOIN settlements s ON s.id = b.settlement_id JOIN receptions r ON r.id = s.reception_id
        WHERE b.paid_at IS NULL ORDER BY b.created_at, b.rowid`,
    ).all() as PendingRow[];
  }

  /** The chosen transfers, all still pending, in list order; one already paid or unknown refuses the whole choice. */
  private chosenPending(ids: string[]): PendingRow[] {
    const wanted = new Set(ids);
    const rows = this.pendingRows().filter((row) => wanted.has(row.id));
    if (rows.length !== wanted.size) throw new KioskError('BANK_TRANSFER_NOT_PENDING');
    return rows;
  }

  /** The account, or null when this PC lacks the key it was sealed with (or the row was altered). */
  private tryOpen(row: SealedRow): BankAccount | null {
    try {
      const plain = this.vault.open({ keyId: row.key_id, iv: row.iv, tag: row.tag, ciphertext: row.ciphertext }, row.id);
      return JSON.parse(plain.toString('utf8')) as BankAccount;
    } catch (error) {
      if (error instanceof KioskError) return null;
      throw error;
    }
  }
}
