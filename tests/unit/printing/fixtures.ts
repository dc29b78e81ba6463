import type { LabelData, ReceiptData, SlipData } from '../../../common/printing.ts';
import type { Transport } from '../../../main/printing/transports/transport.ts';
import { VirtualPrinter } from '../../../main/printing/transports/virtual.ts';

export function receiptData(overrides: Partial<ReceiptData> = {}): ReceiptData {
  return {
    shop: {
      name: 'リユース買取 新宿店',
      address: '東京都新宿区西新宿1-2-3 新宿ビル4F',
      phone: '03-1234-5678',
      licenceNumber: '東京都公安委員会 第304361234567号',
      invoiceNumber: 'T1234567890123',
    },
    receptionNumber: 'S001-01-20250401-0007',
    // 15:05 UTC on 31 March is 00:05 on 1 April in Tokyo.
    settledAt: '2025-03-31T15:05:00.000Z',
    staffName: '山田 太郎',
    items: [
      { name: 'ニンテンドースイッチ 有機ELモデル ホワイト', quantity: 1, amount: 25_000, cancelled: false },
      { name: 'iPhone 13 128GB', quantity: 1, amount: 48_000, cancelled: false },
      { name: '取消した腕時計', quantity: 2, amount: 9_000, cancelled: true },
      { name: 'ﾊﾝｶｸ ｶﾀｶﾅ', quantity: 12, amount: 1_200, cancelled: false },
    ],
    itemsTotal: 74_200,
    adjustmentAmount: -200,
    totalAmount: 74_000,
    paymentMethodLabel: '現金',
    pointsGranted: 740,
    pointBalance: 1_520,
    termsTitle: '買取規約（2025年版）',
    sellerName: '佐藤 花子',
    reprintedAt: null,
    ...overrides,
  };
}

export const labels: LabelData[] = [
  // Stock codes and in-store JANs as the kiosk issues them (receptions.ts stockCode, common/in-store-jan.ts).
  { stockCode: 'S001-01-0000123', janCode: '2001000001231', name: 'ニンテンドースイッチ 有機ELモデル ホワイト 付属品完備', grade: 'A', price: 32_800, reprintedAt: null },
  { stockCode: 'S001-01-0000124', janCode: '2001000001248', name: 'iPhone 13', grade: 'B', price: 59_800, reprintedAt: null },
];

export const slip: SlipData = {
  receptionNumber: 'S001-01-20250601-0012',
  createdAt: '2025-06-01T01:30:00.000Z',
  customerName: '鈴木 一郎',
  itemCount: 3,
  shopName: 'リユース買取 新宿店',
  reprintedAt: null,
};

/** Printed columns as a reader counts them: ASCII, ¥ and half-width katakana take one, everything else two. */
export function displayColumns(text: string): number {
  let columns = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    columns += code < 0x80 || char === '¥' || (code >= 0xff61 && code <= 0xff9f) ? 1 : 2;
  }
  return columns;
}

/** A virtual printer whose transport holds every job until `release()`: what is queued behind a slow print. */
export function gatedPrinter(): { transport: Transport; virtual: VirtualPrinter; release: () => void } {
  const virtual = new VirtualPrinter();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const transport: Transport = {
    describe: () => 'gated',
    async send(bytes) {
      await gate;
      await virtual.send(bytes);
    },
  };
  return { transport, virtual, release };
}
