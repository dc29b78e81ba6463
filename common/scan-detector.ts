/**
 * S-04, P-01, P-07: a keyboard-wedge barcode scanner types the code's characters a few milliseconds apart and ends
 * with Enter; a person types tens of milliseconds apart at best. This pure rule tells the two apart from the keys'
 * timestamps alone, so a scan can be recognised wherever the focus happens to be.
 */
export interface ScanTiming {
  /** Shortest code a scanner sends here (staff codes have 4 characters). */
  minLength: number;
  /** A longer pause than this between two keys starts a new code: a person typed, or the scanner started anew. */
  maxGapMs: number;
  /** Average pause between keys, Enter included, of a scan. */
  maxAverageGapMs: number;
}

/**
 * Scanners send 1–15 ms apart; fast typists average 100 ms and more. The bounds leave room for a busy PC, where
 * key events queue and arrive in bursts with longer gaps between them.
 */
export const DEFAULT_SCAN_TIMING: ScanTiming = { minLength: 4, maxGapMs: 100, maxAverageGapMs: 50 };

export class ScanDetector {
  private chars = '';
  private first = 0;
  private last = 0;

  constructor(private readonly timing: ScanTiming = DEFAULT_SCAN_TIMING) {}

  /** A printable character was typed at `at` (ms). */
  key(char: string, at: number): void {
    if (this.chars !== '' && at - this.last > this.timing.maxGapMs) this.chars = '';
    if (this.chars === '') this.first = at;
    this.chars += char;
    this.last = at;
  }

  /** Enter was pressed at `at`: the code it ends when the keys before it came at a scanner's pace, else null. */
  enter(at: number): string | null {
    const chars = this.chars;
    const gaps = chars.length;
    const scanned =
      chars.length >= this.timing.minLength &&
      at - this.last <= this.timing.maxGapMs &&
      (at - this.first) / gaps <= this.timing.maxAverageGapMs;
    this.reset();
    return scanned ? chars : null;
  }

  /** Anything else (a modifier chord, an arrow key, IME composition) breaks the sequence. */
  reset(): void {
    this.chars = '';
  }
}
