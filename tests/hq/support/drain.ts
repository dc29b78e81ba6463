import type { OutboxPusher, PushOutcome } from '../../../main/sync/pusher.ts';

/** Retry timing for fault tests: backoff of milliseconds, a fixed jitter, so a test never waits out real backoff. */
export const FAST_RETRY = { backoff: { baseMs: 5, capMs: 20 }, requestTimeoutMs: 5_000, random: () => 0.5 };

/**
 * Pushes (ignoring the whole-exchange backoff) until the outbox has nothing live left; waits out a row's own short
 * backoff when that is all that is left. Bounded by maxRounds.
 */
export async function drain(pusher: OutboxPusher, maxRounds = 50): Promise<PushOutcome[]> {
  const outcomes: PushOutcome[] = [];
  for (let round = 0; round < maxRounds; round++) {
    const outcome = await pusher.pushOnce({ force: true });
    outcomes.push(outcome);
    if (outcome.kind === 'idle') return outcomes;
    if (outcome.kind === 'waiting') await new Promise((resolve) => setTimeout(resolve, Math.min(outcome.dueInMs, 1_000) + 1));
  }
  throw new Error(`outbox not drained after ${maxRounds} rounds: ${JSON.stringify(outcomes.at(-1))}`);
}

/** The errors of the outcomes that failed as a whole (split, failed, offline), in order. */
export function failures(outcomes: PushOutcome[]): string[] {
  return outcomes.flatMap((o) => ('error' in o ? [`${o.kind}:${o.error}`] : []));
}
