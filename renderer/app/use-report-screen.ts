import { useEffect } from 'react';
import type { ReportedScreen } from '../../preload/types.ts';
import { call } from '../api.ts';

/**
 * D-09: tells the main process which screen is open, so an update never restarts the app under an open wizard or
 * appraisal. Reported on mount and when it changes; leaving the screen reports 'other'.
 */
export function useReportScreen(screen: ReportedScreen): void {
  useEffect(() => {
    void call('app:reportScreen', { screen });
    if (screen === 'other') return;
    return () => {
      void call('app:reportScreen', { screen: 'other' });
    };
  }, [screen]);
}
