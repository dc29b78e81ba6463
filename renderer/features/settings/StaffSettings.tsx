import { Alert, Badge, Button, Group, Modal, Paper, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, StaffMember } from '../../../preload/types.ts';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { useAddStaffMutation, useResetStaffPinMutation, useSessionQuery, useSetStaffActiveMutation, useStaffQuery, useUnlockStaffMutation } from '../../kiosk-api.ts';

/** P-05 従業員: a manager adds staff, resets a PIN (which also unlocks), and deactivates someone who left. */
export function StaffSettings() {
  const { t } = useTranslation();
  const session = useSessionQuery({});
  const isManager = session.data?.staff?.role === 'manager';
  // Read afresh each time the tab opens: a code locked at the sign-in screen a minute ago must show its ロック解除 now.
  const staff = useStaffQuery({}, { skip: !isManager, refetchOnMountOrArgChange: true });
  const [setActive, activeResult] = useSetStaffActiveMutation();
  const [resetting, setResetting] = useState<StaffMember | null>(null);
  const [unlock, unlocked] = useUnlockStaffMutation();
  if (!isManager) return <Alert color="orange">{t('settings.managerOnly')}</Alert>;
  return (
    <Stack maw={960}>
      <AddStaff />
      <ErrorAlert error={staff.error ?? activeResult.error ?? unlocked.error} />
      <Table verticalSpacing="sm" data-testid="staff-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('staff.code')}</Table.Th>
            <Table.Th>{t('staff.name')}</Table.Th>
            <Table.Th>{t('staff.role')}</Table.Th>
            <Table.Th>{t('staff.state')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {staff.data?.map((member) => (
            <Table.Tr key={member.id}>
              <Table.Td>{member.code}</Table.Td>
              <Table.Td>{member.name}</Table.Td>
              <Table.Td>{t(`staff.roles.${member.role}`)}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Badge color={member.active ? 'green.9' : 'gray.7'}>{member.active ? t('staff.active') : t('staff.inactive')}</Badge>
                  {member.locked && <Badge color="red.8">{t('staff.locked')}</Badge>}
                  {member.owner === 'hq' && (
                    <Badge color="grape" variant="light" data-testid={`staff-hq-${member.code}`}>
                      {t('masterDataHq.staffMark')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                {member.owner === 'hq' ? (
                  <Group gap="xs">
                    <Text size="sm" c="dimmed">
                      {t('masterDataHq.staffReadOnly')}
                    </Text>
                    {member.locked && (
                      <Button size="md" variant="default" onClick={() => void unlock({ staffId: member.id })}>
                        {t('masterDataHq.staffUnlock')}
                      </Button>
                    )}
                  </Group>
                ) : (
                <Group gap="xs">
                  <Button size="md" variant="default" onClick={() => setResetting(member)}>
                    {t('staff.resetPin')}
                  </Button>
                  <Button size="md" variant="default" onClick={() => void setActive({ staffId: member.id, active: !member.active })}>
                    {member.active ? t('staff.deactivate') : t('staff.activate')}
                  </Button>
                </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={resetting !== null} onClose={() => setResetting(null)} title={t('staff.resetPinFor', { name: resetting?.name ?? '' })}>
        {resetting && <ResetPin member={resetting} onDone={() => setResetting(null)} />}
      </Modal>
    </Stack>
  );
}

function AddStaff() {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('clerk');
  const [pin, setPin] = useState('');
  const [add, added] = useAddStaffMutation();
  const fieldError = useFieldError(added.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const response = await add({ code, name, role, pin });
    if ('data' in response) {
      setCode('');
      setName('');
      setPin('');
    }
  };
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="sm">
        {t('staff.add')}
      </Title>
      <form onSubmit={submit}>
        <Group align="end">
          <TextInput label={t('staff.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} error={fieldError('code')} w={160} />
          <TextInput label={t('staff.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} />
          <Select
            label={t('staff.role')}
            data={(['clerk', 'manager'] as const).map((r) => ({ value: r, label: t(`staff.roles.${r}`) }))}
            value={role}
            onChange={(v) => setRole((v ?? 'clerk') as Role)}
            allowDeselect={false}
            w={160}
          />
          <PasswordInput label={t('staff.pin')} value={pin} onChange={(e) => setPin(e.currentTarget.value)} error={fieldError('pin')} inputMode="numeric" w={160} />
          <Button type="submit" loading={added.isLoading}>
            {t('staff.addSubmit')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={added.error} />
    </Paper>
  );
}

function ResetPin({ member, onDone }: { member: StaffMember; onDone: () => void }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [reset, result] = useResetStaffPinMutation();
  const fieldError = useFieldError(result.error);
  return (
    <Stack>
      <PasswordInput label={t('staff.newPin')} value={pin} onChange={(e) => setPin(e.currentTarget.value)} error={fieldError('pin')} inputMode="numeric" />
      <ErrorAlert error={result.error} />
      <Button
        loading={result.isLoading}
        onClick={async () => {
          const response = await reset({ staffId: member.id, pin });
          if ('data' in response) onDone();
        }}
      >
        {t('common.save')}
      </Button>
    </Stack>
  );
}
