/**
 * The kiosk's half of HQ's independent audit anchor (B-05, issue 13 §4): every batch carries the head of the audit
 * chain and the hash now held at the position HQ last anchored on; HQ's verdict comes back with the answer and is kept
 * so the badge and the sync screen can alert the manager when HQ sees the chain rewritten or rolled back.
 */
import type { ChainDivergence, ChainPoint, ChainReport, ParsedBatchResponse } from 'kaitori-sync-protocol';
import type { Db } from '../../db/open.ts';
import { readSyncState } from './outbox-queue.ts';

const ANCHOR_KEY = 'hq_chain_anchor_seq';
const DIVERGENCE_KEY = 'hq_chain_divergence';

function pointAt(db: Db, seq: number): ChainPoint | null {
  const row = db.prepare('SELECT seq, hash FROM audit_log WHERE seq = ?').get(seq) as ChainPoint | undefined;
  return row ?? null;
}

export function readChainReport(db: Db): ChainReport {
  const head = (db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as ChainPoint | undefined) ?? null;
  const anchorSeq = readSyncState(db, ANCHOR_KEY);
  // A row gone from the anchored position is itself evidence: HQ sees a hash that cannot match.
  const check = anchorSeq === null ? null : (pointAt(db, Number(anchorSeq)) ?? { seq: Number(anchorSeq), hash: 'missing' });
  return { head, check };
}

/** The sync_state changes HQ's chain verdict asks for (kept in the same transaction as the exchange). */
export function chainStateOf(chain: ParsedBatchResponse['chain']): Record<string, string | null> {
  if (!chain) return {};
  return {
    [ANCHOR_KEY]: chain.anchor ? String(chain.anchor.seq) : null,
    [DIVERGENCE_KEY]: chain.status === 'diverged' && chain.divergence ? JSON.stringify(chain.divergence) : null,
  };
}

export function readChainDivergence(db: Db): ChainDivergence | null {
  const stored = readSyncState(db, DIVERGENCE_KEY);
  if (stored === null) return null;
  try {
    return JSON.parse(stored) as ChainDivergence;
  } catch {
    return null;
  }
}
