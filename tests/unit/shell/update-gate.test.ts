import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isSettlementInProgress } from '../../../main/shell/update-gate.ts';

function draftsDb(updatedAt: string[]) {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE settlement_drafts (reception_id TEXT PRIMARY KEY, data TEXT NOT NULL, updated_at TEXT NOT NULL)');
  updatedAt.forEach((at, i) => {
    db.prepare('INSERT INTO settlement_drafts VALUES (?, ?, ?)').run(`r${i}`, '{}', at);
  });
  return db;
}

describe('D-09 no update in the middle of a settlement', () => {
  const now = new Date('2025-06-01T03:00:00.000Z');
  it.each([
    [[], false],
    [['2025-06-01T02:55:00.000Z'], true], // touched 5 minutes ago
    [['2025-06-01T01:00:00.000Z'], false], // abandoned two hours ago
    [['2025-05-31T00:00:00.000Z', '2025-06-01T02:59:59.000Z'], true],
  ])('drafts %j → in progress %s', (drafts, expected) => {
    const db = draftsDb(drafts);
    expect(isSettlementInProgress(db, now)).toBe(expected);
    db.close();
  });
  it('assumes a settlement is running when it cannot tell', () => {
    const db = new Database(':memory:');
    expect(isSettlementInProgress(db, now)).toBe(true);
    db.close();
  });
});
