import type { OutboxPusher, PushOutcome } from '../../../main/sync/pusher.ts';

/** Pushes (ignoring backoff) until the outbox has nothing live left; bounded by maxRounds. */
export async function drain(pusher: OutboxPusher, maxRounds = 50): Promise<PushOutcome[]> {
  const outcomes: PushOutcome[] = [];
  for (let round = 0; round < maxRounds; round++) {
    const outcome = await pusher.pushOnce({ force: true });
    outcomes.push(outcome);
    if (outcome.kind === 'idle') return outcomes;
  }
  throw new Error(`outbox not drained after ${maxRounds} rounds: ${JSON.stringify(outcomes.at(-1))}`);
}
