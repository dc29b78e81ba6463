import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMasterDataHqOwnedQuery } from '../../kiosk-api.ts';

/** what HQ sets for this store — a form shows it read-only with this mark instead of its save button. */
export function useHqOwned(): { terms: boolean; setting: (key: string) => boolean } {
  // Asked again each time a form mounts: HQ's pull may have changed it in the background since.
  const owned = useMasterDataHqOwnedQuery({}, { refetchOnMountOrArgChange: true });
  return { terms: owned.data?.terms ?? false, setting: (key) => owned.data?.settings.includes(key) ?? false };
}

export function HqOwnedNote({ what }: { what: 'terms' | 'setting' }) {
  const { t } = useTranslation();
  return (
    <Badge size="lg" color="grape" variant="light" data-testid={`hq-owned-${what}`}>
      {t(what === 'terms' ? 'masterDataHq.termsOwned' : 'masterDataHq.settingOwned')}
    </Badge>
  );
}
