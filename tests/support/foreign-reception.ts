/**
 * Another PC's reception as HQ's store feed carries it (N-03): taken at T02 (number 2) of store S001, in the real
 * number and stock-code formats, a seller outside CP932, an item at MAX_YEN. Written here with applyStoreFeedPage,
 * it is a foreign reception exactly as the feed makes one.
 */
import { randomUUID } from 'node:crypto';
import type { ReceptionPayload, StoreFeedEntry } from 'kaitori-sync-protocol';

export function fromT02(version: number, overrides: Partial<ReceptionPayload> = {}): StoreFeedEntry {
  const receptionId = overrides.receptionId ?? randomUUID();
  return {
    seq: version,
    reception: {
      schemaVersion: 1,
      changeId: randomUUID(),
      receptionId,
      receptionNumber: 'S001-02-20261127-0007',
      storeCode: 'S001',
      terminalCode: 'T02',
      staffCode: '9201',
      version,
      status: 'appraising',
      sellerName: '𠮷野 さくら🌸',
      sellerNameKana: 'よしの サクラ',
      memberNumber: null,
      itemCount: 1,
      itemsTotal: 100_000_000,
      adjustmentAmount: 0,
      createdAt: '2026-11-27T01:00:00.000Z',
      changedAt: '2026-11-27T01:05:00.000Z',
      items: [
        {
          id: randomUUID(),
          position: 1,
          stockCode: 'S001-02-0000123',
          categoryId: 'brand-wallet',
          name: '長財布（クロコダイル）🐊 とても長い名前の商品'.repeat(4),
          maker: 'エルメス',
          model: 'ドゴン',
          serial: '',
          colour: '黒',
          features: '',
          grade: 'S',
          quantity: 1,
          unitPrice: 100_000_000,
          productCode: '',
          weightCg: null,
          metalPricePerGram: null,
          ecPublish: false,
          cancelled: false,
          createdAt: '2026-11-27T01:01:00.000Z',
        },
      ],
      originTerminalCode: 'T02',
      originStaffCode: '9201',
      ...overrides,
    },
  };
}
