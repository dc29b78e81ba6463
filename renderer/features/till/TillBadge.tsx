import { Button, Group, Modal, Table } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTokyo, formatYen } from '../../components/format.ts';
import { useTillQuery } from '../../kiosk-api.ts';
import { CloseTillDialog } from './CloseTillDialog.tsx';
import { OpenTillDialog } from './OpenTillDialog.tsx';
import { TillMovementForm } from './TillMovementForm.tsx';

/**
 * M-02 / M-03: the till in the header, on every screen: closed (press to open it with the float), or open with the
 * cash that should be in the drawer now (press for the float and the payouts behind that figure).
 */
export function TillBadge() {
  const { t } = useTranslation();
  const till = useTillQuery({});
  const [dialog, setDialog] = useState(false);
  const [closing, setClosing] = useState(false);
  if (!till.data) return null;
  const state = till.data;
  return (
    <>
      <Button
        size="md"
        // Outline teal-9 and filled red-9 both keep AA contrast in the header (teal light and orange-9 do not).
        variant={state.open ? 'outline' : 'filled'}
        color={state.open ? 'teal.9' : 'red.9'}
        onClick={() => setDialog(true)}
        data-testid="till-badge"
        data-till-open={state.open}
      >
        {state.open ? t('till.badgeOpen', { expected: formatYen(state.expectedCash) }) : t('till.badgeClosed')}
      </Button>
      {state.open ? (
        <Modal opened={dialog} onClose={() => setDialog(false)} title={t('till.stateTitle')} size="xl" closeButtonProps={{ 'aria-label': t('common.close') }}>
          <Table verticalSpacing="sm" data-testid="till-state">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th>{t('till.openedAt')}</Table.Th>
                <Table.Td>
                  {formatTokyo(state.openedAt)} {state.openedByName}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('till.openingFloat')}</Table.Th>
                <Table.Td>{formatYen(state.openingFloat)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('till.payouts')}</Table.Th>
                <Table.Td>{t('till.payoutsValue', { count: state.payoutCount, total: formatYen(state.paidOut) })}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('till.expectedCash')}</Table.Th>
                <Table.Td fw={700}>{formatYen(state.expectedCash)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <TillMovementForm movements={state.movements} />
          <Group mt="md">
            <Button
              size="lg"
              color="red.9"
              onClick={() => {
                setDialog(false);
                setClosing(true);
              }}
            >
              {t('till.close')}
            </Button>
          </Group>
        </Modal>
      ) : (
        <OpenTillDialog opened={dialog} onClose={() => setDialog(false)} />
      )}
      {/* Kept mounted while the close's result is shown, though the till it closed is no longer open. */}
      <CloseTillDialog opened={closing} expected={state.open ? state.expectedCash : 0} onClose={() => setClosing(false)} />
    </>
  );
}
