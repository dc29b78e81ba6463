// Issue 11 §4 / D-09: an update installs by itself only where it can finish unattended, and only when nobody works at
// the counter; otherwise a manager installs it at closing; never on a .deb.
import { afterEach, describe, expect, it } from 'vitest';
import { OpenScreens, readCounterState } from '../../../main/shell/counter-state.ts';
import type { UpdatePort } from '../../../main/shell/desktop-port.ts';
import { type CounterState, INSTALL_IDLE_MS, installGate, installKindOf, updateModeFor } from '../../../main/shell/update-gate.ts';
import type { PrintJob, UpdateStatus } from '../../../preload/types.ts';
import { startTestCore, type TestCore } from '../../support/core.ts';

describe('D-09 how this copy was installed', () => {
  it.each([
    ['win32', 'C:\\Program Files\\Kaitori Kiosk\\resources', null, 'nsis-per-machine'],
    ['win32', 'C:\\Program Files (x86)\\Kaitori Kiosk\\resources', null, 'nsis-per-machine'],
    ['win32', 'C:\\Users\\kiosk\\AppData\\Local\\Programs\\kaitori-kiosk\\resources', null, 'nsis-per-user'],
    ['win32', 'D:\\Apps\\Kaitori Kiosk\\resources', null, 'nsis-per-machine'], // unknown: assume rights are needed
    ['linux', '/opt/Kaitori Kiosk/resources', 'deb', 'system-package'],
    ['linux', '/opt/Kaitori Kiosk/resources', 'rpm', 'system-package'],
    ['linux', '/home/dev/kiosk/node_modules/electron/dist/resources', null, 'unpackaged'],
    ['darwin', '/Applications/Kaitori Kiosk.app/Contents/Resources', null, 'unpackaged'],
  ] as const)('%s %s (package-type %s) → %s', (platform, resourcesPath, packageType, kind) => {
    expect(installKindOf({ platform, resourcesPath, packageType })).toBe(kind);
  });

  it.each([
    ['nsis-per-user', false, 'unattended'],
    ['nsis-per-user', true, 'unattended'],
    ['nsis-per-machine', true, 'unattended'], // already elevated: the installer needs no prompt
    ['nsis-per-machine', false, 'manager'], // a standard kiosk user cannot answer UAC: download, tell a manager
    ['system-package', true, 'off'], // .deb: the package manager updates it (pkexec would freeze the main process)
    ['unpackaged', false, 'off'],
  ] as const)('%s elevated %s → %s', (kind, elevated, mode) => {
    expect(updateModeFor(kind, elevated)).toBe(mode);
  });
});

describe('D-09 the counter is free for an install', () => {
  const free: CounterState = { staffSignedIn: false, staffIdleMs: null, pendingPrintJobs: 0, openScreens: [] };
  it.each([
    [{}, []],
    [{ staffSignedIn: true }, ['staff-active']],
    [{ staffSignedIn: true, staffIdleMs: 5 * 60_000 }, ['staff-active']],
    [{ staffSignedIn: true, staffIdleMs: INSTALL_IDLE_MS }, []], // idle long enough counts as nobody
    [{ pendingPrintJobs: 1 }, ['print-queue']],
    [{ openScreens: ['wizard'] }, ['wizard']],
    [{ openScreens: ['appraisal'] }, ['appraisal']],
    [{ staffSignedIn: true, pendingPrintJobs: 2, openScreens: ['appraisal', 'wizard'] }, ['staff-active', 'print-queue', 'wizard', 'appraisal']],
    // Nobody signed in, yet a wizard is reported open (another window) or a receipt still printing: still wait.
    [{ openScreens: ['wizard'], pendingPrintJobs: 1 }, ['print-queue', 'wizard']],
  ] as const)('%j → waiting for %j', (change, waitingFor) => {
    const gate = installGate({ ...free, ...change });
    expect(gate.install ? [] : gate.waitingFor).toEqual(waitingFor);
    expect(gate.install).toBe(waitingFor.length === 0);
  });

  it('reads the counter from the services: live staff sessions, queued or printing jobs, reported screens', () => {
    const screens = new OpenScreens();
    screens.report('wc-1', 'other');
    screens.report('wc-2', 'wizard');
    const job = (status: PrintJob['status']) => ({ status }) as PrintJob;
    const state = readCounterState({
      screens,
      accounts: { state: (clientId) => ({ staff: clientId === 'wc-1' ? { id: 's' } : null }) },
      printing: { jobs: () => [job('done'), job('failed'), job('queued'), job('printing')] },
    });
    expect(state).toEqual({ staffSignedIn: true, staffIdleMs: null, pendingPrintJobs: 2, openScreens: ['wizard'] });
    screens.forget('wc-2');
    expect(readCounterState({ screens, accounts: { state: () => ({ staff: null }) }, printing: { jobs: () => [] } }).openScreens).toEqual([]);
  });
});

describe('D-09 a manager installs a downloaded update at closing', () => {
  let test: TestCore;
  let installs = 0;
  let downloaded: UpdateStatus | null = { version: '0.2.0', mode: 'manager', waitingFor: [] };
  const update: UpdatePort = {
    status: () => downloaded,
    install: () => {
      installs++;
    },
  };
  afterEach(async () => {
    await test?.close();
    installs = 0;
    downloaded = { version: '0.2.0', mode: 'manager', waitingFor: [] };
  });

  it('the status says what the install waits for, and a clerk cannot install', async () => {
    test = await startTestCore({ desktop: { update } });
    await test.ok('app:reportScreen', { screen: 'wizard' });
    expect(await test.ok('app:update', {})).toEqual({ version: '0.2.0', mode: 'manager', waitingFor: ['staff-active', 'wizard'] });
    expect(await test.call('app:installUpdate', {})).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    expect(installs).toBe(0);
  });

  it('a manager is refused while a wizard is open on the counter, and installs (audited) once it is closed', async () => {
    test = await startTestCore({ desktop: { update }, signIn: 'manager' });
    await test.ok('app:reportScreen', { screen: 'wizard' }, { clientId: 'counter-window' });
    expect(await test.call('app:installUpdate', {})).toMatchObject({ ok: false, error: { code: 'UPDATE_WAITING', params: { waitingFor: 'wizard' } } });
    await test.ok('app:reportScreen', { screen: 'other' }, { clientId: 'counter-window' });
    expect(await test.ok('app:installUpdate', {})).toEqual({ installing: true });
    expect(installs).toBe(1);
    const audit = test.core.db.prepare(`SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1`).get();
    expect(audit).toEqual({ action: 'app.update_install' });
  });

  it('without a downloaded update, or in the browser host, there is nothing to install', async () => {
    downloaded = null;
    test = await startTestCore({ desktop: { update }, signIn: 'manager' });
    expect(await test.ok('app:update', {})).toBeNull();
    expect(await test.call('app:installUpdate', {})).toMatchObject({ ok: false, error: { code: 'UPDATE_NOT_READY' } });
    await test.close();
    test = await startTestCore({ signIn: 'manager' });
    expect(await test.ok('app:update', {})).toBeNull();
    expect(await test.call('app:installUpdate', {})).toMatchObject({ ok: false, error: { code: 'UPDATE_NOT_READY' } });
  });

  it('a screen report outside the contract is refused', async () => {
    test = await startTestCore({ desktop: { update } });
    expect(await test.call('app:reportScreen', { screen: 'settings' } as never)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
