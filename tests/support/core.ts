import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Core, type CoreConfig, createCore } from '../../main/core.ts';
import type { Actor } from '../../main/services/accounts.ts';
import type { CallContext } from '../../main/dispatch.ts';
import { dispatch } from '../../main/dispatch.ts';
import { type Channel, MAX_YEN, type RequestOf, type ResponseOf } from '../../preload/contract.ts';
import type { Result, StaffInfo, TerminalInfo } from '../../preload/types.ts';

export const MIGRATIONS = resolve(import.meta.dirname, '../../db/migrations');

/** A clock tests move by hand. */
export function manualClock(start = '2026-11-27T01:00:00.000Z') {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    set: (iso: string) => {
      now = Date.parse(iso);
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A caller in a test: a client id, on the clerk window unless said otherwise. */
export type TestCallContext = { clientId: string; window?: CallContext['window'] };

export interface TestCore {
  core: Core;
  dataDir: string;
  clock: ReturnType<typeof manualClock>;
  /**
   * Calls a channel exactly as the renderer does: through the dispatcher's access check, the contract's validation
   * and the handler. The caller is the clerk window unless the context names another window.
   */
  call<C extends Channel>(channel: C, request: RequestOf<C>, context?: TestCallContext): Promise<Result<ResponseOf<C>>>;
  /** Like call, but throws on an error result. */
  ok<C extends Channel>(channel: C, request: RequestOf<C>, context?: TestCallContext): Promise<ResponseOf<C>>;
  /** Closes the core and opens it again on the same folder and key; `whileClosed` runs in between (an edit by hand). */
  reopen(whileClosed?: () => void | Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** The real core on a real SQLite file in a temp folder, with the demo store, signed in as the demo clerk. */
export async function startTestCore(
  options: Partial<CoreConfig> & { signIn?: 'clerk' | 'manager' | false; openTill?: boolean } = {},
): Promise<TestCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-test-'));
  const clock = manualClock();
  const key = randomBytes(32);
  const config: CoreConfig = {
    dataDir,
    migrationsDir: MIGRATIONS,
    host: 'browser',
    version: 'test',
    keyProvider: { keyId: 'test', getKey: () => key },
    clock: clock.now,
    ...options,
  };
  const context: TestCallContext = { clientId: 'test-client' };
  const test: TestCore = {
    core: await createCore(config),
    dataDir,
    clock,
    call: (channel, request, ctx = context) =>
      dispatch(test.core, channel, request, { window: 'clerk', ...ctx }, process.env.KIOSK_TEST_LOG_ERRORS ? undefined : () => {}) as Promise<
        Result<ResponseOf<typeof channel>>
      >,
    ok: async (channel, request, ctx = context) => {
      const result = await test.call(channel, request, ctx);
      if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    reopen: async (whileClosed) => {
      await test.core.close();
      await whileClosed?.();
      test.core = await createCore(config);
    },
    close: async () => {
      await test.core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (options.signIn !== false) {
    await test.ok('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' });
    const staff = options.signIn === 'manager' ? { code: '9001', pin: '9999' } : { code: '1001', pin: '1234' };
    await test.ok('session:staffSignIn', staff);
    // The counter's day starts with its till open (M-02), as cash settlements need; till tests start without one.
    if (options.openTill !== false && !(await test.ok('till:current', {})).open) await test.ok('till:open', { counts: STANDARD_FLOAT });
  }
  return test;
}

/** M-02: a morning float a shop might count: 5 × ¥10,000, 30 × ¥1,000, 40 × ¥100, 50 × ¥10 = ¥84,500. */
export const STANDARD_FLOAT = { '10000': 5, '1000': 30, '100': 40, '10': 50 };

/**
 * M-02: opens the demo counter's till (terminal T01) as its clerk 1001 would, for a kiosk whose UI sign-in happens
 * later (the e2e harness). Goes through the till service itself, not SQL.
 */
export function openDemoTill(core: Core, counts: Record<string, number> = STANDARD_FLOAT): void {
  const terminal = core.db
    .prepare(
      `SELECT t.id, t.code, t.name, t.number, s.id AS storeId, s.code AS storeCode, s.name AS storeName
         FROM terminals t JOIN stores s ON s.id = t.store_id WHERE t.code = 'T01'`,
    )
    .get() as TerminalInfo | undefined;
  const staff = core.db.prepare(`SELECT id, code, name, role FROM staff WHERE code = '1001'`).get() as StaffInfo | undefined;
  // A database brought from elsewhere (not the demo store) has no such counter: nothing to open.
  if (!terminal || !staff || core.services.till.current(terminal.id).open) return;
  core.services.till.open({ terminal, staff }, counts);
}

/**
 * M-06: what a shop does before paying out more cash than the till holds: brings the difference from the safe as a
 * pay-in (入金). Nothing when the till already holds the amount or is closed (the refusal is then the test's point).
 */
export async function cashFromSafe(test: TestCore, amount: number): Promise<void> {
  const till = await test.ok('till:current', {});
  if (!till.open) return;
  // One pay-in holds at most MAX_YEN; a buyback of several maximal items needs more than one.
  for (let short = amount - till.expectedCash; short > 0; short -= MAX_YEN) {
    await test.ok('till:move', { kind: 'pay_in', amount: Math.min(short, MAX_YEN), reason: '金庫から補充' });
  }
}

/** `cashFromSafe` for a test that drives the services directly (e2e fixtures acting as the page's clerk). */
export function cashFromSafeAt(core: Core, actor: Actor, amount: number): void {
  const till = core.services.till.current(actor.terminal.id);
  if (!till.open) return;
  for (let short = amount - till.expectedCash; short > 0; short -= MAX_YEN) core.services.till.move(actor, 'pay_in', Math.min(short, MAX_YEN), '金庫から補充');
}

export const walkIn = {
  name: '木村 拓也',
  nameKana: 'キムラ タクヤ',
  postalCode: '150-0001',
  address: '東京都渋谷区神宮前1-1-1',
  phone: '090-5555-6666',
  birthDate: '1990-05-20',
  occupation: '会社員',
};

export const watch = {
  categoryId: 'watch-wrist',
  name: 'クロノグラフ腕時計',
  grade: 'A' as const,
  quantity: 1,
  unitPrice: 25000,
};

/** A settle-it-as-is execute request for a reception: cash, no print, terms v1 (the demo's), nothing cancelled. */
export function executeRequest(r: { id: string; version: number }, overrides: Record<string, unknown> = {}) {
  return {
    receptionId: r.id,
    version: r.version,
    settlementId: crypto.randomUUID(),
    cancelledItemIds: [] as string[],
    ecPublishItemIds: [] as string[],
    agreedTermsVersion: 1,
    paymentMethod: 'cash',
    printMethod: 'none' as const,
    points: null,
    ...overrides,
  };
}
