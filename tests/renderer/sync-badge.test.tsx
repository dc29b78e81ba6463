/**
 * D-08 issue 13 §3: the badge's "oldest" age ticks on its own. Before HQ is set up (or while offline) no new status
 * arrives, and the age used to stay where the last status left it. The main process is stood in for by a window.kiosk
 * that answers one fixed status and never pushes another.
 */
import { MantineProvider } from '@mantine/core';
import { act, render, screen } from '@testing-library/react';
import { Provider } from 'react-redux';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KioskApi } from '../../preload/contract.ts';
import type { SyncStatus } from '../../preload/types.ts';
import { SyncBadge } from '../../renderer/features/sync/SyncBadge.tsx';
import { initI18n } from '../../renderer/i18n/index.ts';
import { createStore } from '../../renderer/store.ts';

initI18n('ja');

const status: SyncStatus = {
  configured: false,
  online: false,
  backlog: 2,
  dead: 0,
  oldestUnsentAt: '2026-11-27T02:01:00.000Z',
  oldestAgeMinutes: 59,
  warning: false,
  lastError: null,
  lastSyncAt: null,
  chainDivergence: null,
};

afterEach(() => {
  vi.useRealTimers();
  delete window.kiosk;
});

describe('sync badge', () => {
  it('D-08 the oldest unsent age ticks without a new status, and turns into a warning past 24 hours', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date('2026-11-27T03:00:00.000Z'));
    window.kiosk = {
      'sync:status': async () => ({ ok: true, value: status }),
      on: () => () => {},
    } as unknown as KioskApi;
    render(
      <Provider store={createStore()}>
        <MantineProvider>
          <SyncBadge />
        </MantineProvider>
      </Provider>,
    );
    const oldest = await screen.findByTestId('sync-oldest');
    expect(oldest.textContent).toBe('最古 59分前');

    await act(async () => {
      vi.advanceTimersByTime(60_000);
    });
    expect(screen.getByTestId('sync-oldest').textContent).toBe('最古 1時間前');
    expect(screen.getByTestId('sync-badge').getAttribute('data-warning')).toBe('false');

    await act(async () => {
      vi.advanceTimersByTime(23 * 3_600_000 + 120_000);
    });
    expect(screen.getByTestId('sync-oldest').textContent).toBe('最古 24時間前');
    expect(screen.getByTestId('sync-badge').getAttribute('data-warning')).toBe('true');
  });
});
