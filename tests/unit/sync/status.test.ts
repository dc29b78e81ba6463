import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../../main/sync/pusher.ts';
import { computeSyncStatus, type OutboxSummary, readSyncStatus } from '../../../main/sync/status.ts';
import { createKioskDb } from '../../hq/support/kiosk.ts';

const now = new Date('2026-05-20T12:00:00.000Z');
const empty: OutboxSummary = { backlog: 0, dead: 0, oldestCreatedAt: null, lastError: null };

describe('sync badge status (D-06, D-08)', () => {
  it.each([
    {
      name: 'nothing queued, online',
      summary: empty,
      online: true,
      expected: { backlog: 0, oldestAgeMinutes: null, warning: false, lastError: null, online: true },
    },
    {
      name: 'backlog 3, oldest 90 minutes',
      summary: { backlog: 3, dead: 0, oldestCreatedAt: '2026-05-20T10:30:00.000Z', lastError: null },
      online: true,
      expected: { backlog: 3, oldestUnsentAt: '2026-05-20T10:30:00.000Z', oldestAgeMinutes: 90, warning: false },
    },
    {
      name: 'oldest exactly 24 h is not yet a warning',
      summary: { backlog: 1, dead: 0, oldestCreatedAt: '2026-05-19T12:00:00.000Z', lastError: null },
      online: false,
      expected: { oldestAgeMinutes: 1440, warning: false },
    },
    {
      name: 'oldest past 24 h warns',
      summary: { backlog: 1, dead: 0, oldestCreatedAt: '2026-05-19T11:59:00.000Z', lastError: 'TIMEOUT' },
      online: false,
      expected: { oldestAgeMinutes: 1441, warning: true, lastError: 'TIMEOUT' },
    },
    {
      name: 'a dead row warns even when young',
      summary: { backlog: 1, dead: 1, oldestCreatedAt: '2026-05-20T11:59:00.000Z', lastError: 'IDEMPOTENCY_CONFLICT: x' },
      online: true,
      expected: { dead: 1, warning: true, lastError: 'IDEMPOTENCY_CONFLICT: x' },
    },
    {
      name: 'offline: the transport error wins over row errors',
      summary: { backlog: 2, dead: 0, oldestCreatedAt: '2026-05-20T11:00:00.000Z', lastError: 'HTTP_500' },
      online: false,
      transportError: 'NETWORK: ECONNREFUSED',
      expected: { lastError: 'NETWORK: ECONNREFUSED', online: false },
    },
    {
      name: 'HQ reports the audit chain diverged: a warning even with nothing queued',
      summary: empty,
      online: true,
      chainDivergence: { kind: 'HASH_MISMATCH' as const, seq: 120, reportedSeq: 131, detectedAt: '2026-05-20T11:00:00.000Z' },
      expected: { warning: true, backlog: 0, chainDivergence: { kind: 'HASH_MISMATCH', seq: 120 } },
    },
    {
      name: 'a clock behind the row never shows a negative age',
      summary: { backlog: 1, dead: 0, oldestCreatedAt: '2026-05-20T12:05:00.000Z', lastError: null },
      online: true,
      expected: { oldestAgeMinutes: 0 },
    },
  ])('D-08 $name', ({ summary, online, transportError, chainDivergence, expected }) => {
    const status = computeSyncStatus(summary, {
      configured: true,
      online,
      now,
      lastSyncAt: null,
      transportError: transportError ?? null,
      chainDivergence: chainDivergence ?? null,
    });
    expect(status).toMatchObject(expected);
  });

  it('D-08 reads the badge from a real kiosk database before provisioning', () => {
    const kiosk = createKioskDb();
    try {
      kiosk.db
        .prepare("INSERT INTO outbox (id, kind, aggregate_id, payload, created_at) VALUES ('a', 'settlement', 'b', '{}', ?)")
        .run('2026-05-18T00:00:00.000Z');
      expect(readSyncStatus(kiosk.db, { configured: false, online: false, now })).toEqual({
        configured: false,
        online: false,
        backlog: 1,
        dead: 0,
        oldestUnsentAt: '2026-05-18T00:00:00.000Z',
        oldestAgeMinutes: 3600,
        warning: true,
        lastError: null,
        lastSyncAt: null,
        chainDivergence: null,
      });
    } finally {
      kiosk.dispose();
    }
  });
});

describe('retry backoff: exponential with full jitter, 1 s base, 5 min cap (D-08)', () => {
  it.each([
    { attempts: 1, random: 0.999, max: 999 },
    { attempts: 2, random: 0.5, max: 1_000 },
    { attempts: 4, random: 0.999, max: 7_992 },
    { attempts: 9, random: 0.999, max: 255_744 },
    { attempts: 10, random: 0.999, max: 299_700 },
    { attempts: 60, random: 0.999, max: 299_700 },
    { attempts: 5, random: 0, max: 0 },
  ])('after $attempts failures with random $random waits $max ms', ({ attempts, random, max }) => {
    expect(backoffDelayMs(attempts, () => random)).toBe(max);
  });
});
