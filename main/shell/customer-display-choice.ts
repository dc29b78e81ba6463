// V-01: on which display the customer's window opens, as a pure rule (STYLE.md 7) the Electron shell applies to
// screen.getAllDisplays() at start and whenever a display is plugged in or out. No electron import.

/** What the rule needs of Electron's Display. */
export interface DisplayInfo {
  id: number;
  label: string;
  bounds: { x: number; y: number; width: number; height: number };
  internal: boolean;
  touchSupport: 'available' | 'unavailable' | 'unknown';
}

/**
 * IT's choice, from `--customer-display=`: `auto` (default: the second display when there is one), `off` (never),
 * a display id (that display, if it is there), or `window` (a normal window on the main display, to try the customer
 * screen on a PC with one display).
 */
export type CustomerDisplayOption = { kind: 'auto' } | { kind: 'off' } | { kind: 'window' } | { kind: 'display'; id: number };

export interface CustomerDisplayTarget {
  display: DisplayInfo;
  /** Fullscreen kiosk on a display of its own; a plain window when IT asked for one on the main display. */
  fullscreen: boolean;
}

export const CUSTOMER_DISPLAY_FLAG = '--customer-display=';

export function parseCustomerDisplayOption(argv: readonly string[]): { option: CustomerDisplayOption; unknownValue: string | null } {
  const arg = [...argv].reverse().find((a) => a.startsWith(CUSTOMER_DISPLAY_FLAG));
  if (!arg) return { option: { kind: 'auto' }, unknownValue: null };
  const value = arg.slice(CUSTOMER_DISPLAY_FLAG.length);
  if (value === 'auto' || value === 'off' || value === 'window') return { option: { kind: value }, unknownValue: null };
  if (/^\d{1,15}$/.test(value)) return { option: { kind: 'display', id: Number(value) }, unknownValue: null };
  return { option: { kind: 'auto' }, unknownValue: value };
}

function sameBounds(a: DisplayInfo['bounds'], b: DisplayInfo['bounds']): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/**
 * The display for the customer's window, or null for none. Never the clerk's (primary) display, never a display that
 * mirrors it (same bounds: the OS duplicates the clerk's screen there, a window on it would cover the clerk's). With
 * several candidates: one the customer can sign on by touch first, then an external one before a built-in one, then
 * left to right, top to bottom, so the same PC always picks the same display.
 */
export function chooseCustomerDisplay(
  displays: readonly DisplayInfo[],
  primaryId: number,
  option: CustomerDisplayOption,
): CustomerDisplayTarget | null {
  if (option.kind === 'off') return null;
  const primary = displays.find((display) => display.id === primaryId) ?? displays[0];
  if (!primary) return null;
  if (option.kind === 'window') return { display: primary, fullscreen: false };
  const candidates = displays.filter((display) => display.id !== primary.id && !sameBounds(display.bounds, primary.bounds));
  if (option.kind === 'display') {
    const chosen = candidates.find((display) => display.id === option.id);
    if (chosen) return { display: chosen, fullscreen: true };
  }
  const ranked = [...candidates].sort(
    (a, b) =>
      Number(b.touchSupport === 'available') - Number(a.touchSupport === 'available') ||
      Number(a.internal) - Number(b.internal) ||
      a.bounds.x - b.bounds.x ||
      a.bounds.y - b.bounds.y,
  );
  const chosen = ranked[0];
  return chosen ? { display: chosen, fullscreen: true } : null;
}

/** Whether the window on `current` must move or close for `next` (a display was plugged in or out, or resized). */
export function targetChanged(current: CustomerDisplayTarget | null, next: CustomerDisplayTarget | null): boolean {
  if (current === null || next === null) return current !== next;
  return current.display.id !== next.display.id || current.fullscreen !== next.fullscreen || !sameBounds(current.display.bounds, next.display.bounds);
}

/** What keepCustomerWindow needs of Electron's screen module (adapted in main/index.ts). */
export interface ScreenPort {
  getAllDisplays(): DisplayInfo[];
  getPrimaryDisplay(): { id: number };
  /** Calls `listener` when a display is added, removed or changes; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

/**
 * V-01: keeps one customer window on the display the rule chooses, now and whenever displays change: opened when a
 * second display is plugged in, moved when the chosen display changes, closed when it is unplugged. `open` creates
 * the window and returns its close; `onTarget` says where it is (the clerk's settings show it). Returns the stop.
 */
export function keepCustomerWindow(deps: {
  screen: ScreenPort;
  option: CustomerDisplayOption;
  open(target: CustomerDisplayTarget): () => void;
  onTarget(target: CustomerDisplayTarget | null): void;
}): () => void {
  let current: CustomerDisplayTarget | null = null;
  let closeCurrent: (() => void) | null = null;
  const evaluate = () => {
    const next = chooseCustomerDisplay(deps.screen.getAllDisplays(), deps.screen.getPrimaryDisplay().id, deps.option);
    if (!targetChanged(current, next)) return;
    closeCurrent?.();
    closeCurrent = next ? deps.open(next) : null;
    current = next;
    deps.onTarget(next);
  };
  evaluate();
  const unsubscribe = deps.screen.onChange(evaluate);
  return () => {
    unsubscribe();
    closeCurrent?.();
    closeCurrent = null;
    current = null;
  };
}
