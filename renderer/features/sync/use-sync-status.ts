import { useEffect } from 'react';
import type { SyncStatus } from '../../../preload/types.ts';
import { onEvent } from '../../api.ts';
import { kioskApi, useSyncStatusQuery } from '../../kiosk-api.ts';
import { useAppDispatch } from '../../store.ts';

/** The sync badge's status: asked for once, then kept fresh by the `sync:status` event the worker's cycles push. */
export function useSyncStatus(): SyncStatus | undefined {
  const dispatch = useAppDispatch();
  const query = useSyncStatusQuery({});
  useEffect(
    () => onEvent('sync:status', (status) => void dispatch(kioskApi.util.upsertQueryData('syncStatus', {}, status))),
    [dispatch],
  );
  return query.data;
}
