import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../main/services/audit.ts';
import { startTestCore, type TestCore, walkIn, watch } from '../support/core.ts';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

const count = (sql: string, ...params: unknown[]) => (t.core.db.prepare(sql).get(...params) as { n: number }).n;

describe('P-01 reception', () => {
  it('numbers receptions by store, terminal, Tokyo day and a sequence never reused after deletes or restarts', async () => {
    t.clock.set('2026-11-27T01:00:00Z');
    const first = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    const second = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    expect(second.number).not.toBe(first.number);
    await t.ok('reception:delete', { id: second.id, version: second.version });
    await t.reopen();
    await t.ok('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' });
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    const third = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    const seq = (n: string) => Number(n.split('-').at(-1));
    expect(first.number).toMatch(/^S001-01-20261127-\d{4}$/);
    expect(seq(third.number)).toBe(seq(second.number) + 1);
    t.clock.set('2026-11-27T15:00:00Z'); // 00:00 on the 28th in Tokyo; hours idle, so the idle lock signed the clerk out
    expect((await t.ok('session:state', {})).staff).toBeNull();
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    const nextDay = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    expect(nextDay.number).toBe('S001-01-20261128-0001');
  });

  it('takes a member by member number and snapshots their details as the seller', async () => {
    const [member] = await t.ok('customer:search', { query: 'M0000001' });
    const reception = await t.ok('reception:create', { kind: 'member', customerId: member!.id });
    expect(reception.status).toBe('received');
    expect(reception.memberNumber).toBe('M0000001');
    expect(reception.seller.name).toBe(member!.name);
  });

  it('finds members by kana, kanji part and phone', async () => {
    expect((await t.ok('customer:search', { query: 'スズキ' })).map((c) => c.memberNumber)).toEqual(['M0000001']);
    expect((await t.ok('customer:search', { query: '美咲' })).map((c) => c.memberNumber)).toEqual(['M0000002']);
    expect((await t.ok('customer:search', { query: '08033334444' })).map((c) => c.memberNumber)).toEqual(['M0000002']);
  });

  it('refuses bad walk-in input with field messages and changes nothing', async () => {
    const before = count('SELECT COUNT(*) AS n FROM receptions');
    const result = await t.call('reception:create', {
      kind: 'walkIn',
      seller: { ...walkIn, phone: '12345', postalCode: '1500001x', nameKana: 'kimura', name: 'x'.repeat(500) },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.fields).toMatchObject({
      'seller.phone': 'validation.phone',
      'seller.postalCode': 'validation.postalCode',
      'seller.nameKana': 'validation.kana',
      'seller.name': 'validation.tooLong',
    });
    const future = await t.call('reception:create', { kind: 'walkIn', seller: { ...walkIn, birthDate: '2030-01-01' } });
    expect(future.ok || future.error.fields).toEqual({ 'seller.birthDate': 'validation.birthDateFuture' });
    expect(count('SELECT COUNT(*) AS n FROM receptions')).toBe(before);
  });

  it('S-01 needs a signed-in terminal and staff member', async () => {
    await t.ok('session:staffSignOut', {});
    const result = await t.call('reception:create', { kind: 'walkIn', seller: walkIn });
    expect(result.ok || result.error.code).toBe('STAFF_REQUIRED');
  });
});

describe('P-02 appraisal', () => {
  it('moves received → appraising → appraised, and back to appraising on a later edit', async () => {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    const one = await t.ok('appraisal:addItem', { receptionId: r.id, item: watch });
    expect(one.status).toBe('appraising');
    expect((await t.ok('appraisal:complete', { receptionId: r.id })).status).toBe('appraised');
    const edited = await t.ok('appraisal:updateItem', { receptionId: r.id, itemId: one.items[0]!.id, item: { ...watch, unitPrice: 24000 } });
    expect(edited.status).toBe('appraising');
    expect(edited.totals.total).toBe(24000);
  });

  it('adds, edits, reorders and removes items with running totals in integer yen', async () => {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: watch });
    const two = await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...watch, name: 'コミック全巻', categoryId: 'book-comic', quantity: 3, unitPrice: 400 } });
    expect(two.totals).toEqual({ itemsTotal: 26200, adjustmentAmount: 0, total: 26200, itemCount: 2 });
    const moved = await t.ok('appraisal:moveItem', { receptionId: r.id, itemId: two.items[1]!.id, direction: 'up' });
    expect(moved.items.map((i) => i.name)).toEqual(['コミック全巻', 'クロノグラフ腕時計']);
    const removed = await t.ok('appraisal:removeItem', { receptionId: r.id, itemId: moved.items[0]!.id });
    expect(removed.items.map((i) => i.name)).toEqual(['クロノグラフ腕時計']);
    expect(removed.items[0]!.stockCode).toMatch(/^S001-01-\d{7}$/);
  });

  it('refuses a negative price, quantity 0 and an absurd amount, changing nothing', async () => {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    for (const item of [{ ...watch, unitPrice: -1 }, { ...watch, quantity: 0 }, { ...watch, unitPrice: 1e12 }, { ...watch, unitPrice: 10.5 }]) {
      const result = await t.call('appraisal:addItem', { receptionId: r.id, item });
      expect(result.ok).toBe(false);
    }
    expect((await t.ok('reception:get', { id: r.id })).items).toEqual([]);
  });

  it('takes a positive or negative adjustment with a reason, never below a zero total', async () => {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...watch, unitPrice: 5000 } });
    const minus = await t.ok('appraisal:setAdjustment', { receptionId: r.id, amount: -2000, reason: '付属品欠品' });
    expect(minus.totals.total).toBe(3000);
    const tooMuch = await t.call('appraisal:setAdjustment', { receptionId: r.id, amount: -6000, reason: '過大' });
    expect(tooMuch.ok || tooMuch.error.code).toBe('TOTAL_NEGATIVE');
    const noReason = await t.call('appraisal:setAdjustment', { receptionId: r.id, amount: 500, reason: '' });
    expect(noReason.ok || noReason.error.fields).toEqual({ reason: 'validation.adjustmentReason' });
    expect((await t.ok('reception:get', { id: r.id })).totals.total).toBe(3000);
  });

  it('P-05 an adjustment above the configured amount needs a manager', async () => {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...watch, unitPrice: 50000 } });
    const clerk = await t.call('appraisal:setAdjustment', { receptionId: r.id, amount: 20000, reason: '相場上昇' });
    expect(clerk.ok || clerk.error.code).toBe('MANAGER_REQUIRED_FOR_ADJUSTMENT');
    await t.ok('session:staffSignIn', { code: '9001', pin: '9999' });
    expect((await t.ok('appraisal:setAdjustment', { receptionId: r.id, amount: 20000, reason: '相場上昇' })).totals.total).toBe(70000);
  });
});

describe('P-03 reception list and delete', () => {
  it('filters by number, customer, status and Tokyo dates, sorts and pages', async () => {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: { ...walkIn, name: '一覧 太郎', nameKana: 'イチラン タロウ' } });
    const byName = await t.ok('reception:list', { customer: '一覧' });
    expect(byName.rows.map((row) => row.number)).toEqual([r.number]);
    const byNumber = await t.ok('reception:list', { number: r.number.toLowerCase() });
    expect(byNumber.total).toBe(1);
    const settled = await t.ok('reception:list', { status: ['settled'] });
    expect(settled.rows.every((row) => row.status === 'settled' && !row.settleable)).toBe(true);
    const today = await t.ok('reception:list', { dateFrom: '2026-11-27', dateTo: '2026-11-27', sort: 'number', direction: 'asc' });
    expect(today.total).toBe(6);
    expect(today.rows.map((row) => row.number)).toEqual([...today.rows.map((row) => row.number)].sort());
    expect((await t.ok('reception:list', { dateFrom: '2026-11-28' })).total).toBe(0);
    const first = await t.ok('reception:list', { pageSize: 2 });
    const second = await t.ok('reception:list', { pageSize: 2, cursor: first.next! });
    expect(second.rows).toHaveLength(2);
    expect(second.rows.map((row) => row.id)).not.toContain(first.rows[0]!.id);
  });

  it('S-13 S-19 deletes only what is neither settled nor cancelled, audited', async () => {
    const rows = (await t.ok('reception:list', {})).rows;
    for (const status of ['settled', 'cancelled'] as const) {
      const row = rows.find((r) => r.status === status)!;
      const result = await t.call('reception:delete', { id: row.id, version: row.version });
      expect(result.ok || result.error.code).toBe('RECEPTION_CLOSED');
    }
    const open = rows.find((r) => r.status === 'received')!;
    await t.ok('reception:delete', { id: open.id, version: open.version });
    expect(count('SELECT COUNT(*) AS n FROM receptions WHERE id = ?', open.id)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'reception.delete' AND entity_id = ?`, open.id)).toBe(1);
    expect(verifyAuditChain(t.core.db)).toBeNull();
  });

  it('refuses a delete based on a stale version', async () => {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: watch });
    const result = await t.call('reception:delete', { id: r.id, version: r.version });
    expect(result.ok || result.error.code).toBe('VERSION_CONFLICT');
  });
});

describe('P-05 manager approval at the counter', () => {
  it('a manager code and PIN typed at the counter approves a large adjustment without switching sessions', async () => {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...watch, unitPrice: 50000 } });
    const wrong = await t.call('appraisal:setAdjustment', { receptionId: r.id, amount: -20000, reason: '傷', approval: { code: '9001', pin: '0000' } });
    expect(wrong.ok || wrong.error.code).toBe('STAFF_SIGN_IN_FAILED');
    const clerk = await t.call('appraisal:setAdjustment', { receptionId: r.id, amount: -20000, reason: '傷', approval: { code: '1001', pin: '1234' } });
    expect(clerk.ok || clerk.error.code).toBe('MANAGER_REQUIRED');
    const approved = await t.ok('appraisal:setAdjustment', { receptionId: r.id, amount: -20000, reason: '傷', approval: { code: '9001', pin: '9999' } });
    expect(approved.totals.total).toBe(30000);
    expect((await t.ok('session:state', {})).staff?.code).toBe('1001');
    const audit = t.core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'appraisal.set_adjustment' AND entity_id = ?`).get(r.id) as { detail: string };
    expect(JSON.parse(audit.detail).approvedBy).toBeTruthy();
  });
});
