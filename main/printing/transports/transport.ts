import type { PrinterHealth } from '../../../common/printing.ts';

/** Where a job's bytes go. `send` resolves once the printer has the bytes, or throws a KioskError. */
export interface Transport {
  /** Shown to staff next to a job, e.g. `tcp 192.168.1.50:9100`. */
  describe(): string;
  send(bytes: Uint8Array): Promise<void>;
  /** The printer's own report, where the connection can carry one. */
  status?(): Promise<PrinterHealth>;
}
