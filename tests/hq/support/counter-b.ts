/**
 * Issue 19: counter PC B — a second PC of store S001 (terminal T02, number 2) set up as IT does it, from a
 * provisioning file in its data folder; its HQ token is issued on the running HQ.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { provisionTerminal } from '../../../hq/terminals.ts';
import { PROVISIONING_FILE } from '../../../main/services/device-provisioning.ts';
import type { RunningHq } from './hq.ts';

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
