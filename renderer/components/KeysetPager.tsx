import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Pages of a long list read from where the last page ended (issue 14): the main process hands back `next`, the
 * screen keeps the cursors it has seen so "previous" is one step back. Any change of search or sort starts over.
 */
export function useKeysetPages() {
  const [cursors, setCursors] = useState<string[]>(['']);
  return {
    cursor: cursors.at(-1) ?? '',
    page: cursors.length,
    next: (cursor: string) => setCursors((seen) => [...seen, cursor]),
    previous: () => setCursors((seen) => (seen.length > 1 ? seen.slice(0, -1) : seen)),
    reset: () => setCursors(['']),
  };
}

export function CountText({ total, capped }: { total: number; capped: boolean }) {
  const { t } = useTranslation();
  return <Text c="dimmed" data-testid="list-count">{capped ? t('paging.countCapped', { count: total }) : t('paging.count', { count: total })}</Text>;
}

export function KeysetPager({ pages, next, testId }: { pages: ReturnType<typeof useKeysetPages>; next: string | null | undefined; testId: string }) {
  const { t } = useTranslation();
  if (pages.page === 1 && !next) return null;
  return (
    <Group data-testid={testId}>
      <Button size="lg" variant="default" disabled={pages.page === 1} onClick={pages.previous}>
        {t('paging.previous')}
      </Button>
      <Text data-testid={`${testId}-page`}>{t('paging.page', { page: pages.page })}</Text>
      <Button size="lg" variant="default" disabled={!next} onClick={() => next && pages.next(next)}>
        {t('paging.next')}
      </Button>
    </Group>
  );
}
