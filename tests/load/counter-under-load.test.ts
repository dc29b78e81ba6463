/**
 * D-04, D-06 (issue 13 §1): no counter call fails because something else writes. 1,000 settlements through the
 * contract while the sync worker retries an HQ that stores nothing flat out and a second OS process writes the same file.
 * Before writes started IMMEDIATE, this scenario failed 19–130 of 1,000 calls with INTERNAL (SQLITE_BUSY_SNAPSHOT).
 */
import { describe, expect, it } from 'vitest';
import { settleUnderLoad } from '../support/counter-load.ts';

describe('the counter under write load from the sync worker and a second process', () => {
  it('D-04 D-06 settles 1,000 buybacks through the contract with 0 failed counter calls', { timeout: 600_000 }, async () => {
    const result = await settleUnderLoad({ settlements: 1000 });
    // The load was real: the other process kept committing. (The sync worker writes only when HQ answers per item, and
    // backs off when it stores nothing, so its share of the writes varies from run to run: 0–234 failures recorded
    // over 1,000 settlements here. The bench prints it.)
    expect(result.secondWriterCommits).toBeGreaterThan(100);
    expect(result.failures).toEqual({});
    // Six counter calls a settlement: create, add item, complete, signature, the cash from the safe (M-06), execute.
    expect(result.calls).toBe(6000);
  });
});
