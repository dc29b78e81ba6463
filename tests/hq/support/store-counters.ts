/**
 * Issue 19, several counters of one store: the sync tuning and seller the tests of two counter PCs share, and counter
 * PC B — a second PC of store S001 (terminal T02, number 2) set up as IT does it, from a provisioning file in its data
 * folder, its HQ token issued on the running HQ.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { provisionTerminal } from '../../../hq/terminals.ts';
import { PROVISIONING_FILE } from '../../../main/services/device-provisioning.ts';
import type { CoreSyncOptions } from '../../../main/core.ts';
import type { RunningHq } from './hq.ts';

/** Quick retries and timeouts on loopback; the idle ping stays long (the store feed has its own period). */
export const COUNTER_SYNC: CoreSyncOptions = {
  tuning: { backoff: { baseMs: 50, capMs: 300 }, requestTimeoutMs: 5_000, idlePingMs: 60_000 },
  leaseRequestTimeoutMs: 5_000,
};

/**
 * A seller outside CP932 (𠮷, emoji) with hiragana and katakana; the tests' goods stay below the identity-check
 * threshold (the ID steps are not what they test).
 */
export const storeSeller = {
  name: '𠮷野 さくら🌸',
  nameKana: 'ヨシノ サクラ',
  postalCode: '150-0001',
  address: '東京都渋谷区神宮前1-1-1',
  phone: '090-5555-6666',
  birthDate: '1988-03-14',
  occupation: '会社員',
};

export const COUNTER_B = { terminal: 'T02', password: 'counter-two-password', staff: { code: '9201', pin: '2468' } } as const;

/** Writes B's provisioning file into dataDir; returns B's HQ token. */
export async function provisionCounterB(hq: Pick<RunningHq, 'db' | 'url'>, dataDir: string): Promise<string> {
  const { token } = await provisionTerminal(hq.db, { storeCode: 'S001', terminalCode: COUNTER_B.terminal });
  writeFileSync(
    join(dataDir, PROVISIONING_FILE),
    JSON.stringify({
      store: { code: 'S001', name: '渋谷店' },
      terminal: { code: COUNTER_B.terminal, number: 2, name: '2番レジ', password: COUNTER_B.password },
      staff: [{ code: COUNTER_B.staff.code, name: '佐藤 店長', role: 'manager', pin: COUNTER_B.staff.pin }],
      hq: { url: hq.url, token },
    }),
  );
  return token;
}
