import type { Actor } from './accounts.ts';
import type { ServiceDeps } from './deps.ts';
import { hashSecret } from './passwords.ts';
import type { ReceptionsService } from './receptions.ts';
import type { SettlementService } from './settlement.ts';
import { writeTransaction } from '../../db/write-transaction.ts';

/** A 1×1 white PNG standing in for the demo seller's signature. */
export const DEMO_SIGNATURE_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';

/** Sign-in details of the demo data, shown on the sign-in screen while the demo store is the only store. */
export const DEMO_ACCOUNTS = {
  terminal: { code: 'T01', password: 'demo-terminal' },
  clerk: { code: '1001', pin: '1234' },
  manager: { code: '9001', pin: '9999' },
} as const;

/**
 * First start with an empty data folder: a demo store, a terminal account, a clerk and a manager, two members and a
 * reception in every status, so a newcomer can try a settlement at once. Goes through the real services, so the
 * audit chain and outbox look exactly as they would after a day at the counter.
 */
export async function seedDemoData(
  deps: ServiceDeps,
  services: { receptions: ReceptionsService; settlement: SettlementService },
): Promise<void> {
  const { db } = deps;
  const at = deps.clock().toISOString();
  const storeId = deps.newId();
  const terminalId = deps.newId();
  const clerkId = deps.newId();
  const managerId = deps.newId();
  writeTransaction(db, () => {
    db.prepare(
      `INSERT INTO stores (id, code, name, postal_code, address, phone, licence_number, public_safety_commission, invoice_number, created_at)
       VALUES (?, 'S001', 'かいとり屋 渋谷店', '150-0002', '東京都渋谷区渋谷2-1-1', '03-1234-5678', '301234567890', '東京都公安委員会', 'T1234567890123', ?)`,
    ).run(storeId, at);
    db.prepare(
      `INSERT INTO terminals (id, store_id, code, number, name, password_hash, created_at) VALUES (?, ?, ?, 1, 'レジ1', ?, ?)`,
    ).run(terminalId, storeId, DEMO_ACCOUNTS.terminal.code, hashSecret(DEMO_ACCOUNTS.terminal.password), at);
    const staff = db.prepare(`INSERT INTO staff (id, store_id, code, name, role, pin_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    staff.run(clerkId, storeId, DEMO_ACCOUNTS.clerk.code, '山田 花子', 'clerk', hashSecret(DEMO_ACCOUNTS.clerk.pin), at);
    staff.run(managerId, storeId, DEMO_ACCOUNTS.manager.code, '佐藤 店長', 'manager', hashSecret(DEMO_ACCOUNTS.manager.pin), at);
    const customer = db.prepare(
      `INSERT INTO customers (id, member_number, name, name_kana, postal_code, address, phone, birth_date, occupation, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    customer.run(deps.newId(), 'M0000001', '鈴木 一郎', 'スズキ イチロウ', '150-0041', '東京都渋谷区神南1-2-3', '090-1111-2222', '1985-04-12', '会社員', at, at);
    customer.run(deps.newId(), 'M0000002', '高橋 美咲', 'タカハシ ミサキ', '160-0022', '東京都新宿区新宿3-4-5', '080-3333-4444', '1992-11-30', '自営業', at, at);
    db.prepare(`INSERT INTO agreement_terms (version, title, body, active, created_at, created_by) VALUES (1, ?, ?, 1, ?, ?)`).run(
      '買取同意事項',
      [
        '1. お売りいただく品物は、お客様ご本人の所有物であり、盗品・偽造品ではありません。',
        '2. 古物営業法に基づき、ご本人確認書類の提示と記録にご協力ください。',
        '3. 精算後の返品・キャンセルはお受けできません。',
        '4. 18歳未満のお客様は保護者の同意が必要です。',
      ].join('\n'),
      at,
      managerId,
    );
  });

  const terminal = {
    id: terminalId,
    code: DEMO_ACCOUNTS.terminal.code,
    name: 'レジ1',
    number: 1,
    storeId,
    storeCode: 'S001',
    storeName: 'かいとり屋 渋谷店',
  };
  const actor: Actor = { terminal, staff: { id: clerkId, code: DEMO_ACCOUNTS.clerk.code, name: '山田 花子', role: 'clerk' } };
  const walkIn = (name: string, nameKana: string) => ({
    kind: 'walkIn' as const,
    note: '',
    seller: {
      name,
      nameKana,
      postalCode: '151-0051',
      address: '東京都渋谷区千駄ヶ谷5-6-7',
      phone: '03-9876-5432',
      birthDate: '1978-02-03',
      occupation: '会社員',
    },
  });
  const item = (categoryId: string, name: string, unitPrice: number, extra: Partial<{ maker: string; model: string; grade: 'S' | 'A' | 'B' | 'C' }> = {}) => ({
    categoryId,
    name,
    maker: extra.maker ?? '',
    model: extra.model ?? '',
    serial: '',
    colour: '',
    features: '',
    grade: extra.grade ?? 'B',
    quantity: 1,
    unitPrice,
  });
  const { receptions, settlement } = services;

  receptions.create(actor, walkIn('田中 太郎', 'タナカ タロウ'));

  const appraising = receptions.create(actor, walkIn('伊藤 健', 'イトウ ケン'));
  receptions.addItem(actor, appraising.id, item('watch-wrist', 'ダイバーズウォッチ', 18000, { maker: 'セイコー', model: 'SBDC101', grade: 'A' }));

  const members = db.prepare('SELECT id FROM customers ORDER BY member_number').all() as { id: string }[];
  const appraised = receptions.create(actor, { kind: 'member', customerId: members[0]!.id, note: '' });
  receptions.addItem(actor, appraised.id, item('brand-bag', 'ショルダーバッグ', 42000, { maker: 'コーチ', grade: 'A' }));
  receptions.addItem(actor, appraised.id, item('elec-audio', 'ワイヤレスイヤホン', 6500, { maker: 'ソニー', model: 'WF-1000XM4' }));
  receptions.complete(actor, appraised.id);

  const settled = receptions.create(actor, { kind: 'member', customerId: members[1]!.id, note: '' });
  receptions.addItem(actor, settled.id, item('metal-gold', 'K18 ネックレス', 35000, { grade: 'A' }));
  const readyToSettle = receptions.complete(actor, settled.id);
  // ¥35,000 needs identity verification (kobutsu.md §1): a signed declaration, with the signature staged as at the pad.
  settlement.stageImage(settled.id, 'signature', DEMO_SIGNATURE_PNG);
  await settlement.execute(actor, {
    receptionId: settled.id,
    version: readyToSettle.version,
    settlementId: deps.newId(),
    cancelledItemIds: [],
    ecPublishItemIds: [],
    agreedTermsVersion: 1,
    // Not cash: seeding a development database must not pop open a cash drawer on the counter (M-01).
    paymentMethod: 'bank_transfer',
    printMethod: 'none',
    points: null,
    verification: signedDeclaration(settled.seller),
  });

  const cancelled = receptions.create(actor, walkIn('渡辺 誠', 'ワタナベ マコト'));
  receptions.addItem(actor, cancelled.id, item('hobby-figure', 'フィギュア セット', 3000));
  const toCancel = receptions.get(cancelled.id);
  settlement.cancel(actor, cancelled.id, toCancel.version, 'cancel_buyback');
}

/** The identity record of an adult seller who signed a declaration (kobutsu.md §2): the demo's and the bench's. */
export function signedDeclaration(seller: { name: string; address: string; occupation: string; birthDate: string | null }) {
  return {
    method: 'signed_declaration' as const,
    documentType: null,
    documentNumberLast4: '',
    seller: { name: seller.name, address: seller.address, occupation: seller.occupation, birthDate: seller.birthDate ?? '' },
    guardian: null,
    invoice: { registered: false, tNumber: '' },
  };
}
