import type { Db } from '../../db/open.ts';
import type { ReceptionClaim, ReceptionStatus } from '../../preload/types.ts';
import { isClosed } from '../domain/eligibility.ts';
import { KioskError } from '../errors.ts';
import { type ClaimResult, ReceptionClaimClient } from '../sync/reception-claims.ts';
import type { SyncConnection } from '../sync/sync-client.ts';

export interface ReceptionClaimsOptions {
  db: Db;
  connection: () => SyncConnection | null;
  fetch?: typeof fetch;
  requestTimeoutMs?: number;
}

/**
 * N-02, one editor at a time, as the counter sees it. The appraisal screen claims the reception when it opens and
 * renews it while open (`reception:claim`), releases it on leave (`reception:releaseClaim`); settlement takes the
 * claim once more right before it commits, so two PCs can never both settle one reception.
 *
 * Offline (D-08) a PC keeps working on the receptions it holds — every reception in its own database was taken in
 * here — so an unreachable HQ does not stop a settlement; HQ refuses it later (RECEPTION_CLAIMED, shown to the
 * manager) only if another PC held the claim meanwhile.
 */
export class ReceptionClaimsService {
  constructor(private readonly options: ReceptionClaimsOptions) {}

  async claim(receptionId: string): Promise<ReceptionClaim> {
    const row = this.options.db.prepare('SELECT number, status FROM receptions WHERE id = ?').get(receptionId) as
      | { number: string; status: ReceptionStatus }
      | undefined;
    if (!row) throw new KioskError('RECEPTION_NOT_FOUND');
    // S-13, S-19: nobody edits a settled or cancelled transaction, so there is nothing to claim.
    if (isClosed(row.status)) throw new KioskError('RECEPTION_CLOSED', { params: { status: row.status } });
    const client = this.client();
    if (!client) return { receptionId, expiresAt: null, renewSeconds: null };
    return this.answer(receptionId, await client.claim(receptionId, row.number));
  }

  /**
   * The claim execute takes right before it commits. A reception already settled or cancelled takes none: execute
   * itself answers it (the same settlement again is a replay of a double tap or a retried call, S-16; another one is
   * ALREADY_SETTLED), so a retry never fails on the claim.
   */
  async claimBeforeSettling(receptionId: string): Promise<void> {
    const row = this.options.db.prepare('SELECT status FROM receptions WHERE id = ?').get(receptionId) as { status: ReceptionStatus } | undefined;
    if (row && isClosed(row.status)) return;
    await this.claim(receptionId);
  }

  async release(receptionId: string): Promise<{ released: true }> {
    await this.client()?.release(receptionId);
    return { released: true };
  }

  private client(): ReceptionClaimClient | null {
    const connection = this.options.connection();
    if (!connection) return null;
    return new ReceptionClaimClient({
      connection,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      ...(this.options.requestTimeoutMs ? { requestTimeoutMs: this.options.requestTimeoutMs } : {}),
    });
  }

  private answer(receptionId: string, result: ClaimResult): ReceptionClaim {
    if (result.ok) return { receptionId, expiresAt: result.expiresAt, renewSeconds: result.renewSeconds };
    switch (result.code) {
      case 'RECEPTION_CLAIMED':
        throw new KioskError('RECEPTION_CLAIMED', {
          params: { terminal: result.holder.terminalCode, expiresAt: result.holder.expiresAt },
        });
      case 'CLAIM_OFFLINE':
        return { receptionId, expiresAt: null, renewSeconds: null };
      case 'RECEPTION_CLOSED':
        throw new KioskError('RECEPTION_CLOSED_AT_HQ');
      default:
        throw new KioskError('CLAIM_REFUSED');
    }
  }
}
