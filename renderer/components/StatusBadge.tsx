import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReceptionStatus } from '../../preload/types.ts';

// The colour is the outline; the text is near-black, which keeps WCAG AA contrast for every status.
const COLOURS: Record<ReceptionStatus, string> = {
  received: 'blue.9',
  appraising: 'orange.9',
  appraised: 'indigo.8',
  settled: 'green.9',
  cancelled: 'gray.7',
};

/**
 * A transaction's 進捗状況, whole in either language: Mantine's badge upper-cases and cuts its label with an ellipsis
 * ("APPRAISI…"); a status is read, so it keeps its case and its full width.
 */
export function StatusBadge({ status, size = 'lg' }: { status: ReceptionStatus; size?: BadgeProps['size'] }) {
  const { t } = useTranslation();
  return (
    <Badge
      size={size}
      color={COLOURS[status]}
      variant="outline"
      c="dark.9"
      bg="white"
      tt="none"
      data-status={status}
      styles={{ root: { maxWidth: 'none', overflow: 'visible', flexShrink: 0 }, label: { overflow: 'visible', textOverflow: 'clip' } }}
    >
      {t(`status.${status}`)}
    </Badge>
  );
}
