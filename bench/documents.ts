// Issue 16 figures: how long a clerk waits for a statement PDF (Q-01) — the statement's data at 60 items, and the PDF
// made by headless Chromium as the browser host does it (a cold browser per document; Electron's hidden window is
// warmer). Needs the built renderer (npm run build) and Chromium (CHROMIUM_PATH).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCore } from '../main/core.ts';
import { chromiumDocumentRenderer } from '../main/host/chromium-documents.ts';
import { startHostServer } from '../main/host/server.ts';
import type { Actor } from '../main/services/accounts.ts';
import { percentiles, reportFigure } from './report.ts';
import { openDemoTill } from '../tests/support/core.ts';
import { readyToSettle } from './bench-core.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-documents-'));
const key = randomBytes(32);
let printPage: (url: string) => void = () => {};
const printPageUrl = new Promise<string>((ready) => {
  printPage = ready;
});
const core = await createCore({
  dataDir,
  migrationsDir: resolve(import.meta.dirname, '../db/migrations'),
  host: 'browser',
  version: 'bench',
  keyProvider: { keyId: 'bench', getKey: () => key },
  documents: chromiumDocumentRenderer({ chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', printPageUrl: () => printPageUrl }),
});
// Cash settlements pay out of the counter's till (M-03), which a day opens first.
openDemoTill(core);
const host = await startHostServer(core, { rendererDir: resolve(import.meta.dirname, '../out/renderer') });
printPage(`${host.origin}/print.html`);

try {
  const staff = core.db.prepare(`SELECT id, code, name, role FROM staff WHERE code = '1001'`).get() as Actor['staff'];
  await core.services.accounts.signInTerminal('T01', 'demo-terminal');
  const actor: Actor = { terminal: core.services.accounts.requireTerminal(), staff };
  const settled: Record<number, string> = {};
  for (const items of [1, 60]) {
    const request = readyToSettle(core, actor, items);
    await core.services.settlement.execute(actor, request);
    settled[items] = request.receptionId;
  }

  const data: number[] = [];
  for (let run = 0; run < 20; run++) {
    const start = performance.now();
    core.services.documents.statement(settled[60]!, new Date().toISOString(), null);
    data.push(performance.now() - start);
  }
  reportFigure({ name: 'statement data, 60 items (median)', value: percentiles(data).median, unit: 'ms', goal: { max: 50 } });

  for (const items of [1, 60]) {
    const samples: number[] = [];
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      const result = await core.services.documents.issue(actor, { kind: 'statement', receptionId: settled[items]!, output: 'pdf', language: 'ja' });
      if (result.outcome !== 'download') throw new Error(`unexpected outcome ${result.outcome}`);
      samples.push(performance.now() - start);
    }
    const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
    console.log(`statement PDF, ${items} item(s): ${samples.map((ms) => `${Math.round(ms)} ms`).join(', ')} (load average ${load})`);
    reportFigure({ name: `statement PDF, ${items} item(s), browser host, cold Chromium (median)`, value: percentiles(samples).median, unit: 'ms', goal: { max: 5_000 } });
  }
} finally {
  await host.close();
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
}
