import { useEffect } from 'react';
import type { SyncStatus } from '../../../preload/types.ts';
import { onEvent } from '../../api.ts';
import { kioskApi, useSyncStatusQuery } from '../../kiosk-api.ts';
import { useAppDispatch } from '../../store.ts';

/** The sync badge's status: asked for once, then kept fresh by the `sync:status` event the worker's cycles push. */
export function useSyncStatus(): SyncStatus | undefined {
  const dispatch = useAppDispatch();
  const query = useSyncStatusQuery({});
  useEffect(() => {
    // N-03: another PC's reception change arrived (the store feed): the list and an open reception read again.
    let storeFeedAt: string | null | undefined;
    return onEvent('sync:status', (status) => {
      if (status.storeFeedAt && status.storeFeedAt !== storeFeedAt) {
        dispatch(kioskApi.util.invalidateTags(['Reception']));
      }
      storeFeedAt = status.storeFeedAt;
      void dispatch(kioskApi.util.upsertQueryData('syncStatus', {}, status));
    });
  }, [dispatch]);
  return query.data;
}
