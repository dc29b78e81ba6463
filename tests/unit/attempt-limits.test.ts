import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openAesGcm, sealAesGcm } from '../../main/crypto/aes-gcm.ts';
import { approvalPauseMs, terminalSignInWaitMs } from '../../main/domain/attempt-limits.ts';
import { formatMemberNumber, formatReceptionNumber, formatStockCode, issuerCode } from '../../main/domain/reception-number.ts';

describe('attempt limits (issue 13 §6)', () => {
  it.each([
    [1, 0],
    [4, 0],
    [5, 1_000],
    [6, 2_000],
    [9, 16_000],
    [14, 512_000],
    [15, 900_000],
    [200, 900_000],
  ])('S-01 after %i terminal sign-in failures in a row the next try waits %i ms', (failures, wait) => {
    expect(terminalSignInWaitMs(failures)).toBe(wait);
  });

  it.each([
    [0, 0],
    [1, 5 * 60_000],
    [2, 10 * 60_000],
    [3, 20 * 60_000],
    [7, 4 * 60 * 60_000],
    [50, 4 * 60 * 60_000],
  ])('P-05 the %i-th time a clerk hits the approval limit the pause is %i ms', (times, pause) => {
    expect(approvalPauseMs(times)).toBe(pause);
  });
});

describe('numbers carry their issuer (P-01, P-07, issue 13 §5)', () => {
  it.each([
    ['S001', 1, 0, 'S001-01'],
    ['S001', 12, 0, 'S001-12'],
    ['TKY9', 2, 1, 'TKY9-02R1'],
    ['S001', 99, 12, 'S001-99R12'],
  ])('P-01 store %s terminal %i generation %i → %s', (store, terminal, generation, issuer) => {
    expect(issuerCode(store, terminal, generation)).toBe(issuer);
  });

  it('P-01 P-07 reception, stock and member numbers of one issuer, before and after a blind restore', () => {
    expect(formatReceptionNumber('S001', 1, '20261127', 7)).toBe('S001-01-20261127-0007');
    expect(formatReceptionNumber('S001', 1, '20261127', 7, 1)).toBe('S001-01R1-20261127-0007');
    expect(formatStockCode('S001', 1, 123)).toBe('S001-01-0000123');
    expect(formatStockCode('S001', 1, 123, 2)).toBe('S001-01R2-0000123');
    expect(formatMemberNumber('S001', 2, 42)).toBe('M-S001-02-000042');
    expect(formatMemberNumber('S001', 2, 42, 1)).toBe('M-S001-02R1-000042');
  });

  it('P-01 refuses what would make an ambiguous issuer', () => {
    expect(() => issuerCode('s001', 1)).toThrow();
    expect(() => issuerCode('S001', 100)).toThrow();
    expect(() => issuerCode('S001', 1, -1)).toThrow();
    expect(() => issuerCode('S001', 1, 100)).toThrow();
  });
});

describe('main/crypto: the one AES-GCM seal/open', () => {
  it('B-04 opens only with the same key and the same additional data, and never returns changed bytes', () => {
    const key = randomBytes(32);
    const sealed = sealAesGcm(key, Buffer.from('身分証 𠮷 🪪'), Buffer.from('image-1'));
    expect(openAesGcm(key, sealed, Buffer.from('image-1')).toString()).toBe('身分証 𠮷 🪪');
    expect(() => openAesGcm(key, sealed, Buffer.from('image-2'))).toThrow();
    expect(() => openAesGcm(randomBytes(32), sealed, Buffer.from('image-1'))).toThrow();
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0]! ^= 1;
    expect(() => openAesGcm(key, { ...sealed, ciphertext: flipped }, Buffer.from('image-1'))).toThrow();
    expect(sealAesGcm(key, Buffer.from('x'), Buffer.from('a')).iv.equals(sealAesGcm(key, Buffer.from('x'), Buffer.from('a')).iv)).toBe(false);
  });
});
