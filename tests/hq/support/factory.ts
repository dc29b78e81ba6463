/** Test payloads that conform to the shared schemas (main/sync/payload.ts). Deterministic from a sequence number. */
import { createHash } from 'node:crypto';
import type { CancellationPayload, SettlementPayload } from 'kaitori-sync-protocol';

/** A stable UUID (v4-shaped) from a label, so replays in tests rebuild the very same ids. */
export function testUuid(label: string): string {
  const h = createHash('sha256').update(label).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface FactoryOptions {
  storeCode?: string;
  terminalCode?: string;
  settledAt?: string;
  run?: string;
}

export function makeSettlementPayload(n: number, options: FactoryOptions = {}): SettlementPayload {
  const run = options.run ?? 'run';
  const unitPrice = 1_000 + (n % 50) * 100;
  const items = [1, 2].map((position) => ({
    id: testUuid(`${run}-item-${n}-${position}`),
    position,
    categoryId: 'cat-brand-bags',
    categoryName: 'ブランドバッグ',
    name: `ショルダーバッグ ${n}-${position}`,
    maker: 'テストメーカー',
    model: `M-${n}`,
    serial: `SN${n}${position}`,
    colour: '黒',
    features: '',
    grade: 'B' as const,
    quantity: position,
    unitPrice,
    amount: unitPrice * position,
    cancelled: false,
    ecPublish: position === 1,
    stockCode: `STK-${n}-${position}`,
  }));
  const itemsTotal = items.reduce((sum, i) => sum + i.amount, 0);
  return {
    schemaVersion: 1,
    settlementId: testUuid(`${run}-settlement-${n}`),
    receptionId: testUuid(`${run}-reception-${n}`),
    receptionNumber: `${options.storeCode ?? 'S001'}-01-20260520-${String(n).padStart(4, '0')}`,
    storeCode: options.storeCode ?? 'S001',
    terminalCode: options.terminalCode ?? 'T01',
    staffCode: 'ST001',
    settledAt: options.settledAt ?? '2026-05-20T03:00:00.000Z',
    memberNumber: null,
    seller: {
      name: '山田 太郎',
      nameKana: 'ヤマダ タロウ',
      postalCode: '100-0001',
      address: '東京都千代田区千代田1-1',
      phone: '03-0000-0000',
      birthDate: '1980-01-01',
      occupation: '会社員',
    },
    items,
    itemsTotal,
    adjustmentAmount: 0,
    adjustmentReason: '',
    totalAmount: itemsTotal,
    paymentMethod: 'cash',
    printMethod: 'receipt',
    pointsGranted: 0,
    agreedTermsVersion: 1,
    verification: { method: 'license', checkedBy: 'ST001', idNumberLast4: '1234' },
  };
}

export function makeCancellationPayload(n: number, options: FactoryOptions = {}): CancellationPayload {
  const run = options.run ?? 'run';
  return {
    schemaVersion: 1,
    receptionId: testUuid(`${run}-cancelled-reception-${n}`),
    receptionNumber: `${options.storeCode ?? 'S001'}-01-20260520-9${String(n).padStart(3, '0')}`,
    storeCode: options.storeCode ?? 'S001',
    terminalCode: options.terminalCode ?? 'T01',
    staffCode: 'ST001',
    cancelledAt: options.settledAt ?? '2026-05-20T04:00:00.000Z',
    reason: 'cancel_buyback',
  };
}
