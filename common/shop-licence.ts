/**
 * 古物営業法 (法5条, 施行規則): a 古物商許可番号 is twelve digits, issued by a prefecture's 公安委員会; documents print
 * it as 「東京都公安委員会 第301234567890号」. Shops long typed both into one field; these pure rules split and format
 * them (050_documents.sql does the same split in SQL for stored rows).
 */
export interface ShopLicence {
  licenceNumber: string;
  publicSafetyCommission: string;
}

const COMMISSION = '公安委員会';

/** "東京都公安委員会 第301234567890号" → 301234567890 + 東京都公安委員会; text without a commission stays as typed. */
export function splitLicence(text: string): ShopLicence {
  const at = text.indexOf(COMMISSION);
  if (at < 0) return { licenceNumber: text.trim(), publicSafetyCommission: '' };
  return {
    publicSafetyCommission: text.slice(0, at + COMMISSION.length).trim(),
    licenceNumber: text.slice(at + COMMISSION.length).trim().replace(/[第号 ]/g, ''),
  };
}

/** 「東京都公安委員会 第301234567890号」: the line receipts and statements print. */
export function licenceLine(shop: ShopLicence): string {
  const number = /^\d{12}$/.test(shop.licenceNumber) ? `第${shop.licenceNumber}号` : shop.licenceNumber;
  return [shop.publicSafetyCommission, number].filter(Boolean).join(' ');
}
