import { useEffect } from 'react';
import type { CustomerDisplayStatus } from '../../../preload/types.ts';
import { onEvent, onEventsConnected } from '../../api.ts';
import { kioskApi, useCustomerDisplayStatusQuery, useLeaveCustomerDisplayMutation, useShowOnCustomerDisplayMutation } from '../../kiosk-api.ts';
import { useAppDispatch } from '../../store.ts';

/**
 * V-02: the customer's screen as the clerk's screen knows it (connected, what it asks, what the customer answered),
 * asked for once and kept fresh by the main process's customerDisplay:changed pushes.
 */
export function useCustomerDisplay(): CustomerDisplayStatus | undefined {
  const dispatch = useAppDispatch();
  const query = useCustomerDisplayStatusQuery({});
  const { refetch } = query;
  useEffect(() => {
    const offChanged = onEvent('customerDisplay:changed', (status) =>
      void dispatch(kioskApi.util.upsertQueryData('customerDisplayStatus', {}, status)),
    );
    // Pushed while this screen was not listening (a reload, a dropped stream): read it again.
    const offConnected = onEventsConnected(() => void refetch());
    return () => {
      offChanged();
      offConnected();
    };
  }, [dispatch, refetch]);
  return query.data;
}

/**
 * V-01: while a screen works on a reception, the customer's screen shows it (its items and amounts, live); when the
 * screen closes or moves to another reception, the customer's screen follows. The main process reads the reception
 * itself: this only says which one.
 */
export function useShowOnCustomerDisplay(receptionId: string | null, phase: 'appraisal' | 'settlement'): void {
  const [show] = useShowOnCustomerDisplayMutation();
  const [leave] = useLeaveCustomerDisplayMutation();
  useEffect(() => {
    if (!receptionId) return;
    void show({ receptionId, phase });
    return () => void leave({ receptionId, phase });
  }, [receptionId, phase, show, leave]);
}
