/**
 * What a database error storing one item means for the kiosk (D-06): `retryable` when trying again later may work
 * (a lock, a lost connection, a full disk that IT will free), not when this very body can never be stored (a data
 * exception, a constraint the body breaks). The code names the error class only: messages can quote the data.
 */
export interface StoreErrorClass {
  retryable: boolean;
  code: string;
}

export function classifyStoreError(error: unknown): StoreErrorClass {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return { retryable: true, code: 'UNKNOWN' };
  if (/^[0-9A-Z]{5}$/.test(code)) {
    // PostgreSQL SQLSTATE: class 22 data exception, 23 integrity constraint violation, 42 syntax or access rule.
    const permanent = code.startsWith('22') || code.startsWith('23') || code.startsWith('42');
    return { retryable: !permanent, code: `SQLSTATE_${code}` };
  }
  if (code.startsWith('SQLITE_')) {
    const permanent =
      (code.startsWith('SQLITE_CONSTRAINT') && code !== 'SQLITE_CONSTRAINT_TRIGGER') ||
      code === 'SQLITE_MISMATCH' ||
      code === 'SQLITE_TOOBIG' ||
      code === 'SQLITE_RANGE';
    return { retryable: !permanent, code };
  }
  return { retryable: true, code: code.slice(0, 40) };
}
