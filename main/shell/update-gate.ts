// When and how an update may be installed (D-09, issue 11 §4), as pure rules. No electron import.
//
// Installing restarts the app. An update must never restart it under a clerk's hands, and must never be started
// where it cannot finish unattended: a per-machine NSIS installer needs administrator rights, and on a standard kiosk
// account the UAC prompt cannot be answered — the app has already quit and the counter stays down. On a .deb the
// updater would run pkexec synchronously, freezing the main process; the package manager updates it instead.
import path from 'node:path';

/** How this copy of the app was installed. */
export type InstallKind = 'nsis-per-user' | 'nsis-per-machine' | 'system-package' | 'unpackaged';

export interface InstallFacts {
  platform: NodeJS.Platform;
  /** process.resourcesPath of the running app. */
  resourcesPath: string;
  /** Contents of <resources>/package-type (electron-builder writes "deb", "rpm" …), or null when absent. */
  packageType: string | null;
}

export function installKindOf(facts: InstallFacts): InstallKind {
  if (facts.platform === 'linux') return facts.packageType !== null ? 'system-package' : 'unpackaged';
  if (facts.platform !== 'win32') return 'unpackaged';
  // electron-builder's per-user NSIS installs into %LOCALAPPDATA%\Programs\<app>; anywhere else (Program Files, a
  // folder IT chose) is treated as needing administrator rights, which is the safe guess.
  const resources = path.win32.resolve(facts.resourcesPath).toLowerCase();
  return /\\appdata\\local\\programs\\/.test(resources) ? 'nsis-per-user' : 'nsis-per-machine';
}

/**
 * - unattended: download, then install by itself when the counter is free (installGate).
 * - manager: download, then wait for a manager to press "install" at closing and answer the administrator prompt.
 * - off: no updater at all (the package manager, or a development copy).
 */
export type UpdateMode = 'unattended' | 'manager' | 'off';

export function updateModeFor(kind: InstallKind, elevated: boolean): UpdateMode {
  switch (kind) {
    case 'nsis-per-user':
      return 'unattended';
    case 'nsis-per-machine':
      return elevated ? 'unattended' : 'manager';
    case 'system-package':
    case 'unpackaged':
      return 'off';
  }
}

export type InstallBlocker = 'staff-active' | 'print-queue' | 'wizard' | 'appraisal';

export interface CounterState {
  /** A member of staff has a live session on the kiosk (the idle lock ends it after 買取設定's idle minutes). */
  staffSignedIn: boolean;
  /** How long that session has been idle, when known. */
  staffIdleMs: number | null;
  /** Print jobs queued or printing: a restart would lose a receipt or labels being printed. */
  pendingPrintJobs: number;
  /** Screens a renderer reports open (app:reportScreen). */
  openScreens: readonly ('wizard' | 'appraisal')[];
}

/** An update installs only when nobody works at the counter: thirty idle minutes count as nobody. */
export const INSTALL_IDLE_MS = 30 * 60_000;

/** Whether the counter is free for an install now, and if not, what it waits for (shown to a manager, logged). */
export function installGate(state: CounterState, idleMs = INSTALL_IDLE_MS): { install: true } | { install: false; waitingFor: InstallBlocker[] } {
  const waitingFor: InstallBlocker[] = [];
  const idle = state.staffIdleMs !== null && state.staffIdleMs >= idleMs;
  if (state.staffSignedIn && !idle) waitingFor.push('staff-active');
  if (state.pendingPrintJobs > 0) waitingFor.push('print-queue');
  if (state.openScreens.includes('wizard')) waitingFor.push('wizard');
  if (state.openScreens.includes('appraisal')) waitingFor.push('appraisal');
  return waitingFor.length === 0 ? { install: true } : { install: false, waitingFor };
}
