import { useEffect } from 'react';
import { onEvent } from '../../api.ts';
import { kioskApi } from '../../kiosk-api.ts';
import { useAppDispatch } from '../../store.ts';

/** S-02: the main process may end the terminal session on its own (HQ gave the lease to another device). */
export function useSessionEvents(): void {
  const dispatch = useAppDispatch();
  useEffect(() => onEvent('session:changed', () => void dispatch(kioskApi.util.invalidateTags(['Session']))), [dispatch]);
}
