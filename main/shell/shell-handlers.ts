// The contract's desktop-shell channels (issue 11), kept apart from main/handlers.ts. No electron import.
import type { CoreConfig, Services } from '../core.ts';
import type { CallContext, Handlers } from '../dispatch.ts';
import { KioskError } from '../errors.ts';
import { appendAudit } from '../services/audit.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { readCounterState } from './counter-state.ts';
import { installGate } from './update-gate.ts';

type ShellChannel = 'app:reportScreen' | 'app:update' | 'app:installUpdate';

export function buildShellHandlers({ config, services, deps }: { config: CoreConfig; services: Services; deps: ServiceDeps }): Pick<Handlers, ShellChannel> {
  const { accounts } = services;
  const updateStatus = () => {
    const status = config.desktop?.update?.status() ?? null;
    if (!status) return null;
    const gate = installGate(readCounterState(services));
    return { ...status, waitingFor: gate.install ? [] : gate.waitingFor };
  };

  return {
    'app:reportScreen': (request, context) => {
      services.screens.report(context.clientId, request.screen);
      return { recorded: true as const };
    },
    'app:update': () => updateStatus(),
    'app:installUpdate': (_, context: CallContext) => {
      const by = accounts.requireActor(context.clientId, { role: 'manager' });
      const update = config.desktop?.update;
      const status = updateStatus();
      if (!update || !status) throw new KioskError('UPDATE_NOT_READY');
      // The manager pressing the button is signed in on purpose; anything else still holds the install back.
      const blockers = status.waitingFor.filter((blocker) => blocker !== 'staff-active');
      if (blockers.length > 0) throw new KioskError('UPDATE_WAITING', { params: { waitingFor: blockers.join(', ') } });
      appendAudit(deps.db, deps.clock().toISOString(), deps.newId, {
        staffId: by.staff.id,
        terminalId: by.terminal.id,
        action: 'app.update_install',
        entity: 'terminal',
        entityId: by.terminal.id,
      });
      update.install();
      return { installing: true as const };
    },
  };
}
