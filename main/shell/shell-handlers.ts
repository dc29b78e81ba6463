// The contract's desktop-shell channels (issue 11), kept apart from main/handlers.ts. No electron import.
import type { CoreConfig, Services } from '../services/types.ts';
import type { Handlers } from '../dispatch.ts';
import { KioskError } from '../errors.ts';
import { appendAudit } from '../services/audit.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { readCounterState } from './counter-state.ts';
import { installGate } from './update-gate.ts';

type ShellChannel = 'app:reportScreen' | 'app:update' | 'app:installUpdate' | 'file:save' | 'app:printPage';

export function buildShellHandlers({ config, services, deps }: { config: CoreConfig; services: Services; deps: ServiceDeps }): Pick<Handlers, ShellChannel> {
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
    'app:installUpdate': (_, { actor: by }) => {
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

    'file:save': async (request) => {
      // The same content as settlement:csv / ledger:csv (and the same rights: the contract raises ledgerCsv to a
      // manager); only where it goes differs.
      const file =
        request.kind === 'settlementCsv' ? services.settlement.itemsCsv(request.receptionId) : services.ledger.csv(request.from, request.to);
      const desktop = config.desktop;
      // The browser host has no main-process file dialog: the browser downloads the file, as it always did.
      if (!desktop?.saveFile) return { outcome: 'download' as const, ...file };
      return desktop.saveFile(file.filename, '.csv', file.content);
    },

    'app:printPage': async (request, context) => {
      const desktop = config.desktop;
      if (request.as === 'printer') {
        if (!desktop?.printPage) return { outcome: 'unsupported' as const };
        return { outcome: await desktop.printPage(context.clientId) };
      }
      if (!desktop?.pagePdf || !desktop.saveFile) return { outcome: 'unsupported' as const };
      return desktop.saveFile(request.fileName || 'page', '.pdf', await desktop.pagePdf(context.clientId));
    },
  };
}
