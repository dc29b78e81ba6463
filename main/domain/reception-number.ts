/**
 * P-01: reception numbers are store code + terminal number + Tokyo date + a per-terminal, per-day sequence, e.g.
 * `S001-02-20261127-0007`. Each counter PC has its own database, so the terminal number keeps numbers from two PCs
 * of one store apart; the sequence lives in its own table and is never decremented, so deletes and restarts never
 * bring a number back. Only ASCII letters, digits and hyphens: CODE128 encodes them and a scanner types them back.
 */
export function formatReceptionNumber(storeCode: string, terminalNumber: number, tokyoDay: string, sequence: number, generation = 0): string {
  if (!/^\d{8}$/.test(tokyoDay)) throw new Error('day must be YYYYMMDD');
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9999) throw new Error('daily reception sequence exhausted');
  return `${issuerCode(storeCode, terminalNumber, generation)}-${tokyoDay}-${String(sequence).padStart(4, '0')}`;
}

/**
 * P-01, P-07, issue 13 §5: who issued a number — store code and terminal number, e.g. `S001-02` — the part that keeps
 * numbers of different counter PCs apart. After a restore that could not tell what the lost database had issued, the
 * PC issues under a new restore generation, `S001-02R1`, a range no number issued before the restore can be in.
 */
export function issuerCode(storeCode: string, terminalNumber: number, generation = 0): string {
  if (!/^[A-Z0-9]{1,8}$/.test(storeCode)) throw new Error('store code must be 1-8 upper-case letters or digits');
  if (!Number.isInteger(terminalNumber) || terminalNumber < 1 || terminalNumber > 99) throw new Error('terminal number out of range');
  if (!Number.isInteger(generation) || generation < 0 || generation > 99) throw new Error('restore generation out of range');
  return `${storeCode}-${String(terminalNumber).padStart(2, '0')}${generation > 0 ? `R${generation}` : ''}`;
}

/** P-07: stock codes are the issuer + a never-reused sequence, e.g. `S001-01-0000123`. */
export function formatStockCode(storeCode: string, terminalNumber: number, sequence: number, generation = 0): string {
  return `${issuerCode(storeCode, terminalNumber, generation)}-${String(sequence).padStart(7, '0')}`;
}

/**
 * P-01, issue 13 §5: member numbers the kiosk hands out, unique across a chain without asking anyone: `M-` + the
 * issuer + a per-PC sequence, e.g. `M-S001-02-000123`. Numbers issued before this scheme (`M0000001`) keep their shape
 * and stay valid; they cannot collide with the new ones.
 */
export function formatMemberNumber(storeCode: string, terminalNumber: number, sequence: number, generation = 0): string {
  return `M-${issuerCode(storeCode, terminalNumber, generation)}-${String(sequence).padStart(6, '0')}`;
}

/** The calendar day in Asia/Tokyo as YYYYMMDD. */
export { tokyoDay } from '../../common/tokyo-time.ts';

/** Scanners and hand typing differ in case and stray spaces; reception numbers compare upper-case and trimmed. */
export function normaliseReceptionNumber(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, '');
}
