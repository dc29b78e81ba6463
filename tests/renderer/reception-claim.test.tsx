/**
 * N-02 the screen's side of one editor at a time (renderer/features/claims): when it claims, renews, retries and
 * releases, and what the banner says. The main process is stood in for by a window.kiosk that answers each
 * `reception:claim` from a script and records every call; timers are fake, so a claim's life passes in a moment.
 */
import { MantineProvider } from '@mantine/core';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KioskApi } from '../../preload/contract.ts';
import type { KioskErrorInfo, ReceptionClaim } from '../../preload/types.ts';
import { ClaimBanner } from '../../renderer/features/claims/ClaimBanner.tsx';
import { claimAllowsEditing, useReceptionClaim } from '../../renderer/features/claims/use-reception-claim.ts';
import { initI18n } from '../../renderer/i18n/index.ts';

initI18n('ja');

const ID = '0b0f3c1e-5d5e-4c36-9a53-2f1f6f3d9a10';
type Answer = { ok: true; value: ReceptionClaim } | { ok: false; error: KioskErrorInfo };

afterEach(() => {
  vi.useRealTimers();
  delete window.kiosk;
});

const held = (expiresAt: string): Answer => ({ ok: true, value: { receptionId: ID, expiresAt, renewSeconds: 20, offline: false } });
const claimedBy = (terminal: string, expiresAt: string): Answer => ({
  ok: false,
  error: { code: 'RECEPTION_CLAIMED', message: 'errors.RECEPTION_CLAIMED', params: { terminal, expiresAt } },
});

/** A stand-in main process: answers claims in order (the last one again when the script runs out). */
function mainProcess(script: Answer[]) {
  const calls: string[] = [];
  window.kiosk = {
    'reception:claim': async () => {
      calls.push('claim');
      return script.length > 1 ? script.shift()! : script[0]!;
    },
    'reception:releaseClaim': async () => {
      calls.push('release');
      return { ok: true, value: { released: true } };
    },
    on: () => () => {},
  } as unknown as KioskApi;
  return calls;
}

function Screen({ receptionId }: { receptionId: string | null }) {
  const { view, retry } = useReceptionClaim(receptionId);
  return (
    <MantineProvider>
      <ClaimBanner view={view} onRetry={retry} />
      <button type="button" disabled={!claimAllowsEditing(view)}>
        追加
      </button>
    </MantineProvider>
  );
}

const settle = () => act(async () => {});
const advance = (ms: number) =>
  act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });

describe('N-02 the open screen holds the claim', () => {
  it('N-02 claims on open, renews every renewSeconds while open, and releases on leave', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-27T01:00:00.000Z'));
    const calls = mainProcess([held('2026-11-27T01:01:00.000Z')]);
    const view = render(<Screen receptionId={ID} />);
    await settle();
    expect(calls).toEqual(['claim']);
    expect(screen.queryByTestId('claim-banner')).toBeNull();
    await advance(19_000);
    expect(calls).toEqual(['claim']);
    await advance(1_000);
    expect(calls).toEqual(['claim', 'claim']);
    await advance(40_000);
    expect(calls).toEqual(['claim', 'claim', 'claim', 'claim']);
    view.unmount();
    await settle();
    expect(calls.at(-1)).toBe('release');
    // Gone: no more renewals.
    await advance(60_000);
    expect(calls.filter((call) => call === 'claim')).toHaveLength(4);
  });

  it('N-02 a renewal that finds T02 holding it turns the screen read-only at once; at the claim\'s expiry it quietly tries again and takes it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-27T01:00:00.000Z'));
    // 10:05 in Tokyo is 01:05 UTC.
    const calls = mainProcess([held('2026-11-27T01:01:00.000Z'), claimedBy('T02', '2026-11-27T01:05:00.000Z'), held('2026-11-27T01:06:00.000Z')]);
    render(<Screen receptionId={ID} />);
    await settle();
    expect(screen.getByRole('button', { name: '追加' })).toHaveProperty('disabled', false);
    await advance(20_000);
    expect(screen.getByTestId('claim-banner').textContent).toContain('T02 が編集中です（10:05 まで）');
    expect(screen.getByRole('button', { name: '追加' })).toHaveProperty('disabled', true);
    // Quiet until T02's claim runs out (01:05 plus a second), then it is this PC's again.
    await advance(4 * 60_000);
    expect(calls).toEqual(['claim', 'claim']);
    await advance(41_000);
    expect(calls).toEqual(['claim', 'claim', 'claim']);
    expect(screen.queryByTestId('claim-banner')).toBeNull();
    expect(screen.getByRole('button', { name: '追加' })).toHaveProperty('disabled', false);
  });

  it('N-02 another PC\'s reception offline is read-only 「オフラインのため編集できません」; 再試行 claims at once, and it also retries every 15 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-27T01:00:00.000Z'));
    const offline: Answer = { ok: false, error: { code: 'CLAIM_OFFLINE', message: 'errors.CLAIM_OFFLINE' } };
    const calls = mainProcess([offline, offline, offline, held('2026-11-27T01:02:00.000Z')]);
    render(<Screen receptionId={ID} />);
    await settle();
    expect(screen.getByTestId('claim-banner').textContent).toContain('オフラインのため編集できません');
    expect(screen.getByRole('button', { name: '追加' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: '再試行' }));
    await settle();
    expect(calls).toEqual(['claim', 'claim']);
    await advance(15_000);
    expect(calls).toEqual(['claim', 'claim', 'claim']);
    await advance(15_000);
    expect(screen.queryByTestId('claim-banner')).toBeNull();
  });

  it('N-02 D-08 own reception offline stays editable and the claim is tried again later; a single counter (no HQ) never asks again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const offlineOwn = mainProcess([{ ok: true, value: { receptionId: ID, expiresAt: null, renewSeconds: null, offline: true } }]);
    const first = render(<Screen receptionId={ID} />);
    await settle();
    expect(screen.queryByTestId('claim-banner')).toBeNull();
    await advance(15_000);
    expect(offlineOwn).toEqual(['claim', 'claim']);
    first.unmount();
    await settle();
    // Nothing was held at HQ: nothing to release.
    expect(offlineOwn).toEqual(['claim', 'claim']);

    const single = mainProcess([{ ok: true, value: { receptionId: ID, expiresAt: null, renewSeconds: null, offline: false } }]);
    render(<Screen receptionId={ID} />);
    await settle();
    await advance(120_000);
    expect(single).toEqual(['claim']);
  });
});
