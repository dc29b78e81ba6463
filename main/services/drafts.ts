import type { SettlementDraft } from '../../preload/types.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * B-06: the settlement wizard's progress (step, cancelled items, choices) is kept by the main process and on disk,
 * so a renderer reload or an app restart resumes where the clerk was. Never images: those stay in memory only
 * (S-11), and after a restart the wizard asks to retake them.
 */
export class DraftsService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Keeps the draft of an open transaction; a save arriving after execute or cancel (a late debounce) is ignored. */
  save(receptionId: string, draft: SettlementDraft): void {
    const at = this.deps.clock().toISOString();
    this.deps.db
      .prepare(
        `INSERT INTO settlement_drafts (reception_id, data, updated_at)
         SELECT id, ?, ? FROM receptions WHERE id = ? AND status NOT IN ('settled', 'cancelled')
         ON CONFLICT (reception_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      )
      .run(JSON.stringify(draft), at, receptionId);
  }

  load(receptionId: string): SettlementDraft | null {
    const row = this.deps.db.prepare('SELECT data FROM settlement_drafts WHERE reception_id = ?').get(receptionId) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as SettlementDraft) : null;
  }

  discard(receptionId: string): void {
    this.deps.db.prepare('DELETE FROM settlement_drafts WHERE reception_id = ?').run(receptionId);
  }
}
