/**
 * P-01: reception numbers are store code + terminal number + Tokyo date + a per-terminal, per-day sequence, e.g.
 * `S001-02-20261127-0007`. Each counter PC has its own database, so the terminal number keeps numbers from two PCs
 * of one store apart; the sequence lives in its own table and is never decremented, so deletes and restarts never
 * bring a number back. Only ASCII letters, digits and hyphens: CODE128 encodes them and a scanner types them back.
 */
export function formatReceptionNumber(storeCode: string, terminalNumber: number, tokyoDay: string, sequence: number): string {
  if (!/^[A-Z0-9]{1,8}$/.test(storeCode)) throw new Error('store code must be 1-8 upper-case letters or digits');
  if (!Number.isInteger(terminalNumber) || terminalNumber < 1 || terminalNumber > 99) throw new Error('terminal number out of range');
  if (!/^\d{8}$/.test(tokyoDay)) throw new Error('day must be YYYYMMDD');
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9999) throw new Error('daily reception sequence exhausted');
  return `${storeCode}-${String(terminalNumber).padStart(2, '0')}-${tokyoDay}-${String(sequence).padStart(4, '0')}`;
}

/** The calendar day in Asia/Tokyo as YYYYMMDD. */
export { tokyoDay } from '../../common/tokyo-time.ts';

/** Scanners and hand typing differ in case and stray spaces; reception numbers compare upper-case and trimmed. */
export function normaliseReceptionNumber(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, '');
}
