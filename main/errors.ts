import type { KioskErrorInfo } from '../preload/types.ts';

/**
 * An expected failure with a stable code and an i18n message key. Services throw it; the dispatcher turns it
 * into `{ ok: false, error }` so nothing but a Result crosses IPC (STYLE.md 4).
 */
export class KioskError extends Error {
  readonly code: string;
  readonly params: Record<string, string | number> | undefined;
  readonly fields: Record<string, string> | undefined;

  constructor(
    code: string,
    options: { params?: Record<string, string | number>; fields?: Record<string, string>; message?: string } = {},
  ) {
    super(options.message ?? `errors.${code}`);
    this.name = 'KioskError';
    this.code = code;
    this.params = options.params;
    this.fields = options.fields;
  }

  toInfo(): KioskErrorInfo {
    const info: KioskErrorInfo = { code: this.code, message: this.message };
    if (this.params) info.params = this.params;
    if (this.fields) info.fields = this.fields;
    return info;
  }
}
