import { describe, expect, it } from 'vitest';
import { ScanDetector } from '../../common/scan-detector.ts';

/** Types `code` with the given gaps (ms) between keys and before Enter; returns what the detector makes of it. */
function typed(code: string, gapMs: number | number[], enterGapMs = typeof gapMs === 'number' ? gapMs : 5): string | null {
  const detector = new ScanDetector();
  let at = 1000;
  [...code].forEach((char, i) => {
    if (i > 0) at += typeof gapMs === 'number' ? gapMs : (gapMs[i - 1] ?? 5);
    detector.key(char, at);
  });
  return detector.enter(at + enterGapMs);
}

describe('S-04 P-05 P-07 a scan is recognised by the pace of its keys', () => {
  it.each([
    ['reception number at 4 ms', 'S001-01-20261127-0007', 4, 'S001-01-20261127-0007'],
    ['stock code at 12 ms', 'S001-01-0000123', 12, 'S001-01-0000123'],
    ['in-store JAN at 2 ms', '2901000001234', 2, '2901000001234'],
    ['staff card (4 characters)', '1001', 8, '1001'],
    ['a fast typist at 110 ms', 'S001-01-0000123', 110, null],
    ['a person typing 4 digits at 60 ms', '1234', 60, null],
    ['too short to be a code', 'abc', 3, null],
  ])('%s', (_name, code, gap, expected) => {
    expect(typed(code, gap)).toBe(expected);
  });

  it('a busy PC that delivers keys in bursts is still a scanner', () => {
    expect(typed('S001-01-0000123', [2, 2, 2, 90, 1, 1, 1, 1, 1, 80, 1, 1, 1, 1])).toBe('S001-01-0000123');
  });

  it('a long pause starts a new code: only what came after it counts', () => {
    const detector = new ScanDetector();
    detector.key('x', 0);
    detector.key('y', 500);
    for (const [i, c] of [...'S001-01-0000123'].entries()) detector.key(c, 1000 + i * 3);
    expect(detector.enter(1000 + 15 * 3)).toBe('S001-01-0000123');
  });

  it('Enter long after the last key is a person pressing Enter, and the sequence is forgotten either way', () => {
    const detector = new ScanDetector();
    for (const [i, c] of [...'S001-01-0000123'].entries()) detector.key(c, i * 3);
    expect(detector.enter(15 * 3 + 400)).toBeNull();
    expect(detector.enter(15 * 3 + 405)).toBeNull();
  });
});
