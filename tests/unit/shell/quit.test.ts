import { afterEach, describe, expect, it } from 'vitest';
import { requestQuit, setQuitHandler } from '../../../main/shell/quit.ts';

afterEach(() => setQuitHandler(null));

describe('D-07 manager-only exit', () => {
  it('reports false when no shell can quit (browser host)', () => {
    expect(requestQuit('manager exit')).toBe(false);
  });
  it('hands the request to the shell that registered a handler', () => {
    const reasons: string[] = [];
    setQuitHandler((reason) => reasons.push(reason));
    expect(requestQuit('manager M001 exit')).toBe(true);
    expect(reasons).toEqual(['manager M001 exit']);
  });
});
