// What the update gate needs to know about the counter (D-09): who is signed in, what is printing, which screens are
// open. No electron import.
import type { PrintJob, ReportedScreen } from '../../preload/types.ts';
import type { CounterState } from './update-gate.ts';

/**
 * The screens each renderer reports (app:reportScreen): a wizard or an appraisal open anywhere holds an update back.
 * A renderer that reloads reports again at start; one that is gone for good is forgotten by its window's close.
 */
export class OpenScreens {
  private readonly screens = new Map<string, ReportedScreen>();

  report(clientId: string, screen: ReportedScreen): void {
    this.screens.set(clientId, screen);
  }

  forget(clientId: string): void {
    this.screens.delete(clientId);
  }

  clients(): string[] {
    return [...this.screens.keys()];
  }

  open(): ('wizard' | 'appraisal')[] {
    return [...this.screens.values()].filter((screen): screen is 'wizard' | 'appraisal' => screen !== 'other');
  }
}

/** The counter as the update gate sees it, from the core's services. */
export function readCounterState(services: {
  screens: OpenScreens;
  accounts: { state(clientId: string): { staff: unknown } };
  printing: { jobs(): PrintJob[] };
}): CounterState {
  return {
    // A live staff session on any renderer (AccountsService.state applies the idle lock, which ends an idle one).
    staffSignedIn: services.screens.clients().some((clientId) => services.accounts.state(clientId).staff !== null),
    // The idle lock already turns an idle clerk into "nobody signed in"; a separate idle clock is not needed here.
    staffIdleMs: null,
    pendingPrintJobs: services.printing.jobs().filter((job) => job.status === 'queued' || job.status === 'printing').length,
    openScreens: services.screens.open(),
  };
}
