import { describe, expect, it } from 'vitest';
import {
  ageOn,
  DEFAULT_IDENTITY_SETTINGS,
  type IdentitySettings,
  identityCheckReasons,
  documentExpiryRequired,
  isDocumentExpired,
  isForbiddenDocumentType,
  isInvoiceNumber,
  photoMaskingRequired,
  isMinor,
  mayDeleteTransaction,
  requiresIdentityCheck,
  retentionEndsOn,
  type VerificationContext,
  type VerificationInput,
  validateVerification,
} from '../../common/compliance.ts';

const settings = DEFAULT_IDENTITY_SETTINGS;
const item = (amount: number, alwaysVerify = false, cancelled = false) => ({ amount, alwaysVerify, cancelled });

describe('B-01 requiresIdentityCheck (kobutsu.md §1)', () => {
  const cases: [string, Parameters<typeof requiresIdentityCheck>[0], IdentitySettings, boolean][] = [
    ['¥9,999 of ordinary goods is exempt', { items: [item(9_999)], adjustmentAmount: 0 }, settings, false],
    ['¥10,000 of ordinary goods needs a check', { items: [item(10_000)], adjustmentAmount: 0 }, settings, true],
    ['the whole buyback counts, not one item: 2 × ¥5,000', { items: [item(5_000), item(5_000)], adjustmentAmount: 0 }, settings, true],
    ['a positive adjustment lifts ¥9,000 to ¥10,000', { items: [item(9_000)], adjustmentAmount: 1_000 }, settings, true],
    ['a negative adjustment brings ¥10,500 under the threshold', { items: [item(10_500)], adjustmentAmount: -501 }, settings, false],
    ['one book in a ¥500 buyback needs a check', { items: [item(400), item(100, true)], adjustmentAmount: 0 }, settings, true],
    ['cancelling the last game item drops the requirement', { items: [item(3_000), item(2_000, true, true)], adjustmentAmount: 0 }, settings, false],
    ['a cancelled expensive item does not count', { items: [item(50_000, false, true), item(900)], adjustmentAmount: 0 }, settings, false],
    ['the shop may verify always', { items: [item(100)], adjustmentAmount: 0 }, { ...settings, alwaysVerify: true }, true],
    ['the threshold is a setting', { items: [item(4_999)], adjustmentAmount: 0 }, { ...settings, thresholdYen: 5_000 }, false],
    ['nothing left is exempt', { items: [], adjustmentAmount: 0 }, settings, false],
  ];
  it.each(cases)('%s', (_, transaction, s, expected) => {
    expect(requiresIdentityCheck(transaction, s)).toBe(expected);
  });

  it('says why a check is needed', () => {
    expect(identityCheckReasons({ items: [item(12_000, true)], adjustmentAmount: 0 }, { ...settings, alwaysVerify: true })).toEqual([
      'setting',
      'threshold',
      'category',
    ]);
  });
});

describe('B-03 age on the Tokyo calendar (年齢計算ニ関スル法律)', () => {
  const cases: [string, string, number | null][] = [
    ['2008-11-27', '2026-11-27', 18], // 18th birthday today: of age today
    ['2008-11-28', '2026-11-27', 17], // 18 tomorrow: still a minor today
    ['2008-11-26', '2026-11-27', 18],
    ['1990-05-20', '2026-11-27', 36],
    ['2008-02-29', '2026-02-28', 17], // born on 29 Feb: not yet a year older on 28 Feb of a common year …
    ['2008-02-29', '2026-03-01', 18], // … but on 1 March
    ['2008-02-29', '2028-02-29', 20], // in a leap year, on 29 Feb itself
    ['2008-02-29', '2028-02-28', 19],
    ['2026-11-27', '2026-11-27', 0],
    ['2026-11-28', '2026-11-27', -1],
    ['2026-02-30', '2026-11-27', null],
    ['not-a-date', '2026-11-27', null],
  ];
  it.each(cases)('born %s, on %s → %s', (birth, today, expected) => {
    expect(ageOn(birth, today)).toBe(expected);
  });

  it('is a minor under the configured age; the 18th birthday today is not a minor', () => {
    expect(isMinor('2008-11-27', '2026-11-27', 18)).toBe(false);
    expect(isMinor('2008-11-28', '2026-11-27', 18)).toBe(true);
    expect(isMinor('2008-11-28', '2026-11-27', 16)).toBe(false);
  });
});

describe('B-01 documents and invoice numbers (kobutsu.md §2, §6, §7)', () => {
  it.each([
    ['mynumber_card_back', true],
    ['health_insurance_number', true],
    ['mynumber_card_front', false],
    ['health_insurance', false],
    ['drivers_licence', false],
  ])('%s forbidden: %s', (type, forbidden) => {
    expect(isForbiddenDocumentType(type)).toBe(forbidden);
  });

  it.each([
    ['T1234567890123', true],
    ['T123456789012', false],
    ['T12345678901234', false],
    ['1234567890123', false],
    ['t1234567890123', false],
    ['T12345678901a3', false],
    ['', false],
  ])('invoice number %j valid: %s', (value, valid) => {
    expect(isInvoiceNumber(value)).toBe(valid);
  });
});

const complete: VerificationInput = {
  method: 'id_document',
  documentType: 'drivers_licence',
  documentNumberLast4: '1234',
  documentExpiry: '2029-06-20',
  seller: { name: '木村 拓也', address: '東京都渋谷区神宮前1-1-1', occupation: '会社員', birthDate: '1990-05-20' },
  guardian: null,
  invoice: { registered: false, tNumber: '' },
};
const context: VerificationContext = {
  required: true,
  today: '2026-11-27',
  settings,
  hasIdPhoto: true,
  hasSignature: false,
  snapshotBirthDate: '1990-05-20',
};
const minorSeller = { ...complete.seller, birthDate: '2010-04-01' };

describe('B-01 B-03 validateVerification names exactly what is missing', () => {
  const cases: [string, VerificationInput | null, Partial<VerificationContext>, string[], string[]][] = [
    ['a complete id_document record', complete, {}, [], []],
    [
      'nothing entered when a check is required',
      null,
      {},
      ['method', 'seller.name', 'seller.address', 'seller.occupation', 'seller.birthDate'],
      [],
    ],
    ['an exempt buyback needs no record', null, { required: false }, [], []],
    ['id_document without the photo', complete, { hasIdPhoto: false }, ['idPhoto'], []],
    ['id_document without type and last 4', { ...complete, documentType: null, documentNumberLast4: '' }, {}, ['documentType'], []],
    ['id_document without last 4', { ...complete, documentNumberLast4: '' }, {}, ['documentNumberLast4'], []],
    ['a health-insurance card records no number at all', { ...complete, documentType: 'health_insurance', documentNumberLast4: '' }, {}, [], []],
    [
      'a health-insurance card with a number is refused',
      { ...complete, documentType: 'health_insurance', documentNumberLast4: '1234' },
      {},
      [],
      ['DOCUMENT_NUMBER_NOT_RECORDABLE'],
    ],
    ['the My Number card back is forbidden', { ...complete, documentType: 'mynumber_card_back', documentNumberLast4: '' }, {}, [], ['DOCUMENT_TYPE_FORBIDDEN']],
    ['a signed declaration needs the signature', { ...complete, method: 'signed_declaration' }, { hasIdPhoto: false }, ['signature'], []],
    ['a signed declaration with the signature', { ...complete, method: 'signed_declaration' }, { hasIdPhoto: false, hasSignature: true }, [], []],
    ['a cleared occupation', { ...complete, seller: { ...complete.seller, occupation: '' } }, {}, ['seller.occupation'], []],
    [
      'a minor without consent',
      { ...complete, seller: minorSeller },
      {},
      ['guardian.name', 'guardian.relation', 'guardian.method'],
      [],
    ],
    ['a minor with consent', { ...complete, seller: minorSeller, guardian: { name: '木村 一郎', relation: '父', method: 'present' } }, {}, [], []],
    [
      'a minor when the shop refuses minors',
      { ...complete, seller: minorSeller, guardian: { name: '木村 一郎', relation: '父', method: 'present' } },
      { settings: { ...settings, minorPolicy: 'refuse' } },
      [],
      ['MINOR_REFUSED'],
    ],
    [
      'written consent when only presence is accepted',
      { ...complete, seller: minorSeller, guardian: { name: '木村 一郎', relation: '父', method: 'written' } },
      { settings: { ...settings, writtenConsentAllowed: false } },
      [],
      ['WRITTEN_CONSENT_NOT_ALLOWED'],
    ],
    ['a minor in an exempt buyback still needs consent', null, { required: false, snapshotBirthDate: '2010-04-01' }, ['guardian.name', 'guardian.relation', 'guardian.method'], []],
    ['18th birthday today is of age', { ...complete, seller: { ...complete.seller, birthDate: '2008-11-27' } }, {}, [], []],
    ['a registered issuer without a T-number', { ...complete, invoice: { registered: true, tNumber: '' } }, {}, ['invoice.tNumber'], []],
    ['a registered issuer with a malformed T-number', { ...complete, invoice: { registered: true, tNumber: 'T123' } }, {}, [], ['INVOICE_NUMBER_INVALID']],
    ['a birth date in the future', { ...complete, seller: { ...complete.seller, birthDate: '2030-01-01' } }, {}, [], ['BIRTH_DATE_INVALID']],
    // I-03: the expiry of a document that always prints one is part of the record; an expired document is refused.
    ["a driver's licence without its expiry", { ...complete, documentExpiry: '' }, {}, ['documentExpiry'], []],
    ['a passport without its expiry', { ...complete, documentType: 'passport', documentExpiry: '' }, {}, ['documentExpiry'], []],
    ['a My Number card (front) without its expiry', { ...complete, documentType: 'mynumber_card_front', documentNumberLast4: '', documentExpiry: '' }, {}, ['documentExpiry'], []],
    ['a residence card without its expiry', { ...complete, documentType: 'residence_card', documentExpiry: '' }, {}, ['documentExpiry'], []],
    ['a health-insurance card may have no expiry', { ...complete, documentType: 'health_insurance', documentNumberLast4: '', documentExpiry: '' }, {}, [], []],
    ['other photo ID may have no expiry', { ...complete, documentType: 'other_photo_id', documentExpiry: '' }, {}, [], []],
    ['a document expiring today is still valid (valid through the date)', { ...complete, documentExpiry: '2026-11-27' }, {}, [], []],
    ['a document that expired yesterday is refused', { ...complete, documentExpiry: '2026-11-26' }, {}, [], ['DOCUMENT_EXPIRED']],
    ['an expired card with no required expiry is refused too', { ...complete, documentType: 'health_insurance', documentNumberLast4: '', documentExpiry: '2025-03-31' }, {}, [], ['DOCUMENT_EXPIRED']],
    ['an expired document in an exempt buyback is refused', { ...complete, documentExpiry: '2020-01-01' }, { required: false }, [], ['DOCUMENT_EXPIRED']],
    ['an impossible expiry date', { ...complete, documentExpiry: '2027-02-30' }, {}, [], ['DOCUMENT_EXPIRY_INVALID']],
    ['a signed declaration ignores a stray expiry', { ...complete, method: 'signed_declaration', documentExpiry: '2020-01-01' }, { hasIdPhoto: false, hasSignature: true }, [], []],
  ];
  it.each(cases)('%s', (_, record, overrides, missing, problems) => {
    const verdict = validateVerification(record, { ...context, ...overrides });
    expect(verdict.missing).toEqual(missing);
    expect(verdict.problems).toEqual(problems);
    expect(verdict.complete).toBe(missing.length === 0 && problems.length === 0);
  });

  it('computes the age and the minor flag', () => {
    expect(validateVerification({ ...complete, seller: minorSeller }, context)).toMatchObject({ age: 16, minor: true });
    expect(validateVerification(complete, context)).toMatchObject({ age: 36, minor: false });
  });
});

describe('B-02 retention (kobutsu.md §4, 法18条)', () => {
  it.each([
    ['2026-11-27', '2029-11-27'],
    ['2024-02-29', '2027-03-01'],
    ['2025-03-01', '2028-03-01'],
  ])('a record of %s may go from %s', (recorded, ends) => {
    expect(retentionEndsOn(recorded)).toBe(ends);
  });

  it.each([
    ['received', null, '2026-11-27', true],
    ['appraised', null, '2026-11-27', true],
    ['cancelled', null, '2026-11-27', false],
    ['settled', '2026-11-27', '2026-11-27', false],
    ['settled', '2026-11-27', '2029-11-26', false],
    ['settled', '2026-11-27', '2029-11-27', true],
    ['settled', null, '2040-01-01', false],
  ])('%s settled on %s, deletable on %s: %s', (status, settledOn, today, expected) => {
    expect(mayDeleteTransaction({ status, settledOn }, today)).toBe(expected);
  });
});

describe('I-01 I-03 document rules', () => {
  it.each([
    ['drivers_licence', true, false],
    ['mynumber_card_front', true, false],
    ['passport', true, false],
    ['residence_card', true, false],
    ['health_insurance', false, true],
    ['other_photo_id', false, false],
  ] as const)('%s: expiry required %s, masking required %s', (type, expiry, masking) => {
    expect(documentExpiryRequired(type)).toBe(expiry);
    expect(photoMaskingRequired(type)).toBe(masking);
  });

  it('I-01 no document type chosen yet asks for no masking', () => {
    expect(photoMaskingRequired(null)).toBe(false);
  });

  it.each([
    ['2026-11-27', '2026-11-27', false],
    ['2026-11-26', '2026-11-27', true],
    ['2026-11-28', '2026-11-27', false],
    ['2024-02-29', '2024-03-01', true],
    ['2099-12-31', '2026-11-27', false],
  ])('I-03 a document expiring %s on %s is expired: %s', (expiry, today, expired) => {
    expect(isDocumentExpired(expiry, today)).toBe(expired);
  });
});
