/**
 * STYLE.md 15, B-09, P-01: HQ's data migrations, insert → migrate → assert, on both databases. An HQ of the first
 * release may already hold two transactions under one reception number (the bug issue 13 §5 reports): the first
 * received keeps the number, the other is listed for HQ staff, and nothing is lost.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HQ_MIGRATIONS_DIR, loadHqMigrations, migrateHq } from '../../hq/db.ts';
import { provisionTerminal } from '../../hq/terminals.ts';
import { makeSettlementPayload } from './support/factory.ts';
import { backends } from './support/hq.ts';

describe.each(backends())('HQ migrations on $name', (backend) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  it('P-01 B-09 numbers stored twice by the first release: the first keeps the number, the second is listed; rows, kinds and item counts carried over', async () => {
    const opened = await backend.open();
    dispose = opened.dispose;
    const { db } = opened;
    const all = loadHqMigrations(fileURLToPath(HQ_MIGRATIONS_DIR), db.dialect);
    await migrateHq(db, all.filter((m) => m.version === 1));
    const terminal = await provisionTerminal(db, { storeCode: 'S001', terminalCode: 'T01' });
    const first = makeSettlementPayload(1, { run: 'legacy-first' });
    const second = { ...makeSettlementPayload(1, { run: 'legacy-second' }), receptionNumber: first.receptionNumber };
    const other = makeSettlementPayload(2, { run: 'legacy' });
    const stored = [
      [first, '2026-05-20T03:00:00.000Z'],
      [second, '2026-05-27T03:00:00.000Z'],
      [other, '2026-05-20T04:00:00.000Z'],
    ] as const;
    for (const [s, receivedAt] of stored) {
      await db.execute('INSERT INTO received_items (kind, id, body_hash, terminal_id, received_at) VALUES (?, ?, ?, ?, ?)', [
        'settlement',
        s.settlementId,
        'hash',
        terminal.id,
        receivedAt,
      ]);
      await db.execute(
        `INSERT INTO settlements (id, reception_id, reception_number, store_code, terminal_code, staff_code, settled_at,
           business_date, member_number, items_total, adjustment_amount, adjustment_reason, total_amount, payment_method,
           print_method, points_granted, agreed_terms_version, seller, verification, payload, received_at)
         VALUES (?, ?, ?, 'S001', 'T01', 'ST001', ?, '2026-05-20', NULL, ?, 0, '', ?, 'cash', 'receipt', 0, 1, '{}', '{}', '{}', ?)`,
        [s.settlementId, s.receptionId, s.receptionNumber, s.settledAt, s.itemsTotal, s.totalAmount, receivedAt],
      );
      for (const item of s.items) {
        await db.execute(
          `INSERT INTO settlement_items (settlement_id, id, position, category_id, category_name, name, maker, model, serial,
             colour, features, grade, quantity, unit_price, amount, cancelled, ec_publish, stock_code)
           VALUES (?, ?, ?, 'c', 'c', ?, '', '', '', '', '', 'B', 1, 1, 1, 0, 0, NULL)`,
          [s.settlementId, item.id, item.position, item.name],
        );
      }
    }

    await migrateHq(db, all);
    const numbers = await db.query<{ reception_number: string; aggregate_id: string }>(
      'SELECT reception_number, aggregate_id FROM reception_numbers ORDER BY reception_number',
    );
    expect(numbers).toEqual([
      { reception_number: first.receptionNumber, aggregate_id: first.settlementId },
      { reception_number: other.receptionNumber, aggregate_id: other.settlementId },
    ]);
    const refusals = await db.query<{ aggregate_id: string; code: string; status: string; held_by: string }>(
      'SELECT aggregate_id, code, status, held_by FROM ingest_refusals',
    );
    expect(refusals).toEqual([
      { aggregate_id: second.settlementId, code: 'RECEPTION_NUMBER_TAKEN', status: 'stored', held_by: first.settlementId },
    ]);
    const received = await db.query<{ id: string }>('SELECT id FROM received_items ORDER BY id');
    expect(received.map((r) => r.id)).toEqual([first, second, other].map((s) => s.settlementId).sort());
    await db.execute('INSERT INTO received_items (kind, id, body_hash, terminal_id, received_at) VALUES (?, ?, ?, ?, ?)', [
      'ledger_correction',
      first.settlementId,
      'hash',
      terminal.id,
      '2026-05-28T00:00:00.000Z',
    ]);
    await expect(
      db.execute('INSERT INTO received_items (kind, id, body_hash, terminal_id, received_at) VALUES (?, ?, ?, ?, ?)', [
        'refund',
        first.settlementId,
        'hash',
        terminal.id,
        '2026-05-28T00:00:00.000Z',
      ]),
    ).rejects.toThrow();
    const counts = await db.query<{ item_count: number | string }>('SELECT item_count FROM settlements ORDER BY id');
    expect(counts.map((c) => Number(c.item_count))).toEqual([2, 2, 2]);
  });

  it('N-01 051 keeps every idempotency record and lets receptions be received; unknown kinds stay refused', async () => {
    const opened = await backend.open();
    dispose = opened.dispose;
    const { db } = opened;
    const all = loadHqMigrations(fileURLToPath(HQ_MIGRATIONS_DIR), db.dialect);
    await migrateHq(db, all.filter((m) => m.version < 50));
    const terminal = await provisionTerminal(db, { storeCode: 'S001', terminalCode: 'T01' });
    const kinds = ['settlement', 'cancellation', 'ledger_correction', 'ec_publish_change'];
    for (const [i, kind] of kinds.entries()) {
      await db.execute('INSERT INTO received_items (kind, id, body_hash, terminal_id, received_at) VALUES (?, ?, ?, ?, ?)', [
        kind,
        `id-${i}`,
        `hash-${i}`,
        terminal.id,
        `2026-11-2${i}T03:00:00.000Z`,
      ]);
    }
    const before = await db.query('SELECT kind, id, body_hash, terminal_id, received_at FROM received_items ORDER BY id');
    await migrateHq(db, all);
    expect(await db.query('SELECT kind, id, body_hash, terminal_id, received_at FROM received_items ORDER BY id')).toEqual(before);
    await db.execute('INSERT INTO received_items (kind, id, body_hash, terminal_id, received_at) VALUES (?, ?, ?, ?, ?)', [
      'reception',
      'id-r',
      'hash-r',
      terminal.id,
      '2026-11-27T03:00:00.000Z',
    ]);
    await expect(
      db.execute('INSERT INTO received_items (kind, id, body_hash, terminal_id, received_at) VALUES (?, ?, ?, ?, ?)', [
        'refund',
        'id-x',
        'hash-x',
        terminal.id,
        '2026-11-27T03:00:00.000Z',
      ]),
    ).rejects.toThrow();
  });
});
