import type { PrinterHealth } from '../../../common/printing.ts';
import type { Transport } from './transport.ts';

export interface VirtualPrintout {
  bytes: Buffer;
  receivedAt: Date;
}

/**
 * A printer that keeps what it was sent instead of putting it on paper, so a shop without a printer can still
 * work and check its layouts on screen (B-07).
 */
export class VirtualPrinter implements Transport {
  private readonly kept: VirtualPrintout[] = [];

  constructor(
    private readonly clock: () => Date = () => new Date(),
    private readonly limit = 20,
  ) {}

  describe(): string {
    return 'virtual';
  }

  async send(bytes: Uint8Array): Promise<void> {
    this.kept.push({ bytes: Buffer.from(bytes), receivedAt: this.clock() });
    if (this.kept.length > this.limit) this.kept.splice(0, this.kept.length - this.limit);
  }

  async status(): Promise<PrinterHealth> {
    return { online: true, coverOpen: false, paperOut: false, paperNearEnd: false };
  }

  /** Oldest first. */
  printouts(): VirtualPrintout[] {
    return [...this.kept];
  }
}
