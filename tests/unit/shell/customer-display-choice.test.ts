// V-01: where the customer's window opens, and that it follows displays being plugged in and out. Pure rules under
// plain Node; main/index.ts applies them to Electron's screen module (covered by tests/electron where it runs).
import { describe, expect, it } from 'vitest';
import {
  chooseCustomerDisplay,
  type CustomerDisplayTarget,
  type DisplayInfo,
  keepCustomerWindow,
  parseCustomerDisplayOption,
} from '../../../main/shell/customer-display-choice.ts';

function display(id: number, x: number, extra: Partial<DisplayInfo> = {}): DisplayInfo {
  return { id, label: `Display ${id}`, bounds: { x, y: 0, width: 1920, height: 1080 }, internal: false, touchSupport: 'unknown', ...extra };
}

const laptop = display(1, 0, { internal: true, label: 'Built-in' });
const monitor = display(2, 1920, { label: 'DELL P2419H' });
const touch = display(3, -1280, { touchSupport: 'available', label: 'Signature tablet', bounds: { x: -1280, y: 0, width: 1280, height: 800 } });
const mirror = display(4, 0);
const below = display(5, 0, { bounds: { x: 0, y: 1080, width: 1920, height: 1080 } });

describe('V-01 the customer window display', () => {
  it.each([
    ['one display: no customer window', [laptop], 1, { kind: 'auto' }, null],
    ['two displays: the one that is not the clerk', [laptop, monitor], 1, { kind: 'auto' }, 2],
    ['the clerk on the external one: the built-in one', [laptop, monitor], 2, { kind: 'auto' }, 1],
    ['a touch display first, where the customer can sign', [laptop, monitor, touch], 1, { kind: 'auto' }, 3],
    ['an external display before a built-in one', [laptop, monitor, below], 2, { kind: 'auto' }, 5],
    ['a display mirroring the clerk is not a second screen', [laptop, mirror], 1, { kind: 'auto' }, null],
    ['left to right when nothing else decides', [laptop, display(6, 3840), monitor], 1, { kind: 'auto' }, 2],
    ['off: never', [laptop, monitor], 1, { kind: 'off' }, null],
    ['IT named a display', [laptop, monitor, touch], 1, { kind: 'display', id: 2 }, 2],
    ['IT named the clerk display: the rule picks another', [laptop, monitor], 1, { kind: 'display', id: 1 }, 2],
    ['IT named a display that is not plugged in: the rule picks', [laptop, monitor], 1, { kind: 'display', id: 9 }, 2],
    ['no displays reported at all', [], 1, { kind: 'auto' }, null],
  ] as const)('%s', (_, displays, primaryId, option, expected) => {
    const chosen = chooseCustomerDisplay(displays, primaryId, option);
    expect(chosen?.display.id ?? null).toBe(expected);
    if (chosen) expect(chosen.fullscreen).toBe(true);
  });

  it('window: a plain window on the main display, to try the customer screen on a PC with one display', () => {
    expect(chooseCustomerDisplay([laptop], 1, { kind: 'window' })).toEqual({ display: laptop, fullscreen: false });
  });

  it.each([
    [[], { kind: 'auto' }, null],
    [['--customer-display=off'], { kind: 'off' }, null],
    [['--customer-display=window'], { kind: 'window' }, null],
    [['--customer-display=2528732444'], { kind: 'display', id: 2528732444 }, null],
    [['--customer-display=auto', '--customer-display=off'], { kind: 'off' }, null],
    [['--customer-display=left'], { kind: 'auto' }, 'left'],
    [['--customer-display='], { kind: 'auto' }, ''],
  ] as const)('%j → %j', (argv, option, unknownValue) => {
    expect(parseCustomerDisplayOption(argv)).toEqual({ option, unknownValue });
  });
});

describe('V-01 the customer window follows the displays', () => {
  function fakeScreen(initial: DisplayInfo[], primaryId = 1) {
    let displays = initial;
    const listeners = new Set<() => void>();
    return {
      port: {
        getAllDisplays: () => displays,
        getPrimaryDisplay: () => ({ id: primaryId }),
        onChange: (listener: () => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
      set(next: DisplayInfo[]) {
        displays = next;
        for (const listener of listeners) listener();
      },
      listeners,
    };
  }

  it('opens when a second display is plugged in, closes when it is unplugged, moves when another is chosen; stop closes it', () => {
    const screen = fakeScreen([laptop]);
    const log: string[] = [];
    const targets: (CustomerDisplayTarget | null)[] = [];
    const stop = keepCustomerWindow({
      screen: screen.port,
      option: { kind: 'auto' },
      open: (target) => {
        log.push(`open ${target.display.id}`);
        return () => log.push(`close ${target.display.id}`);
      },
      onTarget: (target) => targets.push(target),
    });
    expect(log).toEqual([]);
    screen.set([laptop, monitor]);
    screen.set([laptop, monitor]); // a change elsewhere (metrics of the clerk's display): nothing to do
    screen.set([laptop, monitor, touch]);
    screen.set([laptop, touch]);
    screen.set([laptop]);
    screen.set([laptop, { ...monitor, bounds: { ...monitor.bounds, width: 1280 } }]);
    screen.set([laptop, { ...monitor, bounds: { ...monitor.bounds, width: 1600 } }]);
    stop();
    expect(log).toEqual(['open 2', 'close 2', 'open 3', 'close 3', 'open 2', 'close 2', 'open 2', 'close 2']);
    expect(targets.map((t) => t?.display.id ?? null)).toEqual([2, 3, null, 2, 2]);
    expect(screen.listeners.size).toBe(0);
  });
});
