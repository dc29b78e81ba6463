/** Issue 13 §2: when a failing row is set aside — a pure rule, table-tested. */
import { describe, expect, it } from 'vitest';
import { judgeRowFailure } from '../../../main/sync/pusher.ts';

const now = new Date('2026-11-27T03:00:00.000Z');
const context = { now, setAsideAfter: 3, backoff: { baseMs: 1_000, capMs: 300_000 }, random: () => 0.5 };
const row = (attempts: number, strikes: number, lastFailedAt: string | null) => ({
  seq: 7,
  attempts,
  strikes,
  last_failed_at: lastFailedAt,
});

describe('D-06 a row is set aside only when it, not HQ, is the problem', () => {
  it.each([
    {
      name: 'first failure while HQ stored the rest of the batch: a strike, retried after its backoff',
      row: row(0, 0, null),
      lastStoredAt: now.toISOString(),
      final: false,
      expected: { attempts: 1, strikes: 1, deadAt: null, nextAttemptAt: '2026-11-27T03:00:00.500Z' },
    },
    {
      name: 'HQ stored other rows since its last failure: the third strike sets it aside',
      row: row(4, 2, '2026-11-27T02:59:00.000Z'),
      lastStoredAt: '2026-11-27T02:59:30.000Z',
      final: false,
      expected: { attempts: 5, strikes: 3, deadAt: now.toISOString(), nextAttemptAt: null },
    },
    {
      name: 'HQ stored nothing since its last failure (an outage): no strike, however many attempts',
      row: row(40, 2, '2026-11-27T02:59:00.000Z'),
      lastStoredAt: '2026-11-27T01:00:00.000Z',
      final: false,
      expected: { attempts: 41, strikes: 2, deadAt: null },
    },
    {
      name: 'HQ never stored anything: no strike',
      row: row(0, 0, null),
      lastStoredAt: null,
      final: false,
      expected: { attempts: 1, strikes: 0, deadAt: null },
    },
    {
      name: 'a final refusal (conflict, invalid, too large) is set aside at once',
      row: row(0, 0, null),
      lastStoredAt: null,
      final: true,
      expected: { attempts: 1, deadAt: now.toISOString(), nextAttemptAt: null },
    },
    {
      name: 'the backoff grows with attempts and stays under the cap',
      row: row(30, 0, '2026-11-27T02:00:00.000Z'),
      lastStoredAt: null,
      final: false,
      expected: { attempts: 31, nextAttemptAt: '2026-11-27T03:02:30.000Z' },
    },
  ])('$name', ({ row, lastStoredAt, final, expected }) => {
    expect(judgeRowFailure(row, { error: 'HTTP_500', final }, { ...context, lastStoredAt })).toMatchObject({
      seq: 7,
      error: 'HTTP_500',
      ...expected,
    });
  });
});
