/**
 * D-04, D-06: the counter under write load from elsewhere. Settlements go through the contract exactly as the renderer
 * sends them (dispatch → handlers → services) while the real sync worker thread retries an HQ that stores nothing
 * as fast as its backoff lets it (writing attempts and errors to the outbox on its own connection) and a second OS
 * process writes to the same database file. Shared by the test (which asserts 0 failures) and the bench (which prints the figure).
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../main/data-folder.ts';
import { DEMO_SIGNATURE_PNG, signedDeclaration } from '../../main/services/demo.ts';
import type { Channel } from '../../preload/contract.ts';
import { executeRequest, startTestCore, walkIn } from './core.ts';

export interface CounterLoadResult {
  settlements: number;
  calls: number;
  failedCalls: number;
  /** Error code → how many counter calls failed with it. */
  failures: Record<string, number>;
  /** Failed pushes the sync worker recorded in the outbox meanwhile (proof that it was writing). */
  workerFailedPushes: number;
  secondWriterCommits: number;
  elapsedMs: number;
}

/**
 * An HQ on loopback that is up (its ping answers) but cannot store anything: every item of every batch comes back
 * as a retryable STORE_FAILED, so the worker writes each failure to its rows and retries as fast as its backoff lets
 * it. (An unreachable HQ, or one failing whole batches, would not do: the worker then touches no row, issue 13 §2–§3.)
 */
async function failingHq(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      if (request.method !== 'POST') return void response.end('{"ok":true}');
      // The lease and other POSTs carry no items; they get an empty answer.
      const { items = [] } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { items?: { id: string }[] };
      const results = items.map(({ id }) => ({ id, status: 'error', retryable: true, error: { code: 'STORE_FAILED' } }));
      response.end(JSON.stringify({ results }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}` };
}

const NAMES = ['𠮷野家の丼 🍚', 'ｷｬﾉﾝ デジタルカメラ', 'ろれっくす 腕時計', 'ヴィンテージ・ギター（ギブソン）'];
const PRICES = [8_800, 25_000, 1_234_567, 100_000_000];

export async function settleUnderLoad(options: { settlements: number; secondWriter?: boolean }): Promise<CounterLoadResult> {
  const hq = await failingHq();
  const t = await startTestCore({
    signIn: 'manager',
    sync: { tuning: { backoff: { baseMs: 1, capMs: 5 }, requestTimeoutMs: 1_000, idlePingMs: 50 }, leaseRequestTimeoutMs: 1_000 },
  });
  const failures: Record<string, number> = {};
  let calls = 0;
  const call = async <C extends Channel>(channel: C, request: Parameters<typeof t.call<C>>[1]) => {
    calls++;
    const result = await t.call(channel, request);
    if (!result.ok) failures[result.error.code] = (failures[result.error.code] ?? 0) + 1;
    return result;
  };
  const writer =
    options.secondWriter === false
      ? null
      : fork(join(import.meta.dirname, 'second-writer.mjs'), [join(t.dataDir, DATABASE_FILE), '600000'], { stdio: 'inherit' });
  const writerDone = writer
    ? new Promise<{ commits: number }>((resolve, reject) => {
        writer.on('message', (message) => {
          if (typeof message === 'object') resolve(message as { commits: number });
        });
        writer.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`second writer exited with ${code}`))));
      })
    : Promise.resolve({ commits: 0 });
  if (writer) await new Promise<void>((resolve) => writer.once('message', () => resolve()));
  const started = Date.now();
  try {
    const provisioned = await t.call('sync:provision', {
      hqUrl: hq.url,
      storeCode: 'S001',
      terminalCode: 'T01',
      token: 'tkn_failing_hq_0123456789abcdef0',
    });
    if (!provisioned.ok) throw new Error(`provisioning failed: ${provisioned.error.code}`);
    for (let i = 0; i < options.settlements; i++) {
      const created = await call('reception:create', { kind: 'walkIn', seller: walkIn, note: '' });
      if (!created.ok) continue;
      const item = { categoryId: 'watch-wrist', name: NAMES[i % NAMES.length]!, grade: 'A' as const, quantity: 1, unitPrice: PRICES[i % PRICES.length]! };
      const added = await call('appraisal:addItem', { receptionId: created.value.id, item });
      if (!added.ok) continue;
      const completed = await call('appraisal:complete', { receptionId: created.value.id });
      if (!completed.ok) continue;
      await call('settlement:stageImage', { receptionId: created.value.id, kind: 'signature', dataUrl: DEMO_SIGNATURE_PNG });
      // M-06: the till holds the morning float; each payout's cash comes from the safe first, one more counter write.
      await call('till:move', { kind: 'pay_in', amount: item.unitPrice, reason: '金庫から補充' });
      await call('settlement:execute', {
        ...executeRequest(completed.value, { settlementId: randomUUID() }),
        verification: signedDeclaration({ ...walkIn }),
      });
    }
    const elapsedMs = Date.now() - started;
    writer?.send('stop');
    const { commits } = await writerDone;
    const workerFailedPushes = (
      t.core.db.prepare('SELECT COALESCE(SUM(attempts), 0) AS n FROM outbox').get() as { n: number }
    ).n;
    const failedCalls = Object.values(failures).reduce((a, b) => a + b, 0);
    return { settlements: options.settlements, calls, failedCalls, failures, workerFailedPushes, secondWriterCommits: commits, elapsedMs };
  } finally {
    if (writer && writer.exitCode === null) writer.kill();
    await t.close();
    hq.server.closeAllConnections();
    await new Promise<void>((resolve) => hq.server.close(() => resolve()));
  }
}
