import { Button, Group, Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A destructive action asks first (S-13, S-19, P-03): OK does it, Back leaves everything as it was. */
export function ConfirmDialog({
  opened,
  title,
  message,
  confirmLabel,
  loading,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  message: string;
  confirmLabel?: string;
  loading?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <Text>{message}</Text>
      <Group mt="md">
        <Button color="red.8" loading={loading} onClick={onConfirm}>
          {confirmLabel ?? t('common.ok')}
        </Button>
        <Button variant="default" onClick={onClose}>
          {t('common.back')}
        </Button>
      </Group>
    </Modal>
  );
}
