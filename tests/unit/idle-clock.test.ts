import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionState } from '../../preload/types.ts';
import { startTestCore, type TestCore } from '../support/core.ts';

let t: TestCore;
let events: SessionState[];
beforeEach(async () => {
  t = await startTestCore();
  events = [];
  t.core.events.on('session:changed', (state) => events.push(state));
});
afterEach(() => t.close());

const MINUTE = 60_000;

describe('P-05 one idle clock, in the main process', () => {
  it('calls do not keep a session alive; a person using the screen does', async () => {
    // A screen polling every 5 s for six minutes.
    for (let s = 0; s < 6 * 60; s += 5) {
      t.clock.advance(5_000);
      const polled = await t.call('printer:jobs', {});
      if (!polled.ok) break;
    }
    expect(await t.call('printer:jobs', {})).toMatchObject({ ok: false, error: { code: 'STAFF_REQUIRED' } });
    expect(await t.ok('session:state', {})).toMatchObject({ staff: null, notice: { reason: 'idle' } });

    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect((await t.ok('session:state', {})).notice).toBeNull();
    // Typing for six minutes, reported every minute.
    for (let m = 0; m < 6; m++) {
      t.clock.advance(MINUTE);
      await t.ok('session:activity', {});
    }
    expect((await t.ok('session:state', {})).staff?.code).toBe('1001');
  });

  it('the main process locks an idle session by itself and tells the screens', async () => {
    t.clock.advance(4 * MINUTE);
    t.core.services.accounts.lockIdleSessions();
    expect(events).toEqual([]);
    t.clock.advance(2 * MINUTE);
    t.core.services.accounts.lockIdleSessions();
    expect(events.at(-1)).toMatchObject({ staff: null, notice: { reason: 'idle' } });
  });
});
