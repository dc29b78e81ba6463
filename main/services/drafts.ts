import { settlementDraftSchema } from '../../preload/contract.ts';
import type { SettlementDraft } from '../../preload/types.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * B-06: the settlement wizard's progress (step, agreed terms version, cancelled items, choices) is kept by the main
 * process and on disk, so a renderer reload or an app restart resumes where the clerk was. Never images nor the
 * identity record: those stay in memory only (S-11, staged-evidence.ts), and after a restart the wizard asks again.
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

  /**
   * The stored draft, checked with the same schema a save must pass: a row written by an older build, damaged, or
   * edited by hand is no draft at all rather than a shape the wizard would trip over.
   */
  load(receptionId: string): SettlementDraft | null {
    const row = this.deps.db.prepare('SELECT data FROM settlement_drafts WHERE reception_id = ?').get(receptionId) as { data: string } | undefined;
    return row ? parseDraft(row.data) : null;
  }

  /** The most recently saved draft of a transaction still open: the wizard the counter was in when interrupted. */
  latestOpen(): { receptionId: string; number: string } | null {
    const rows = this.deps.db
      .prepare(
        `SELECT d.reception_id, d.data, r.number FROM settlement_drafts d JOIN receptions r ON r.id = d.reception_id
          WHERE r.status IN ('received', 'appraising', 'appraised') ORDER BY d.updated_at DESC LIMIT 5`,
      )
      .all() as { reception_id: string; data: string; number: string }[];
    const found = rows.find((row) => parseDraft(row.data) !== null);
    return found ? { receptionId: found.reception_id, number: found.number } : null;
  }

  discard(receptionId: string): void {
    this.deps.db.prepare('DELETE FROM settlement_drafts WHERE reception_id = ?').run(receptionId);
  }
}

function parseDraft(data: string): SettlementDraft | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = settlementDraftSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
