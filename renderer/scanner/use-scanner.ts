import { useEffect, useRef } from 'react';
import { ScanDetector } from '../../common/scan-detector.ts';

type ScanHandler = (code: string) => void;

/** The screens that read codes, newest last; only the newest (the screen in front) receives a scan. */
const handlers: { current: ScanHandler }[] = [];
const detector = new ScanDetector();
let listening = false;

const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color', 'image']);

/** A field the clerk is typing into keeps what is typed, Enter included (its own form submits). */
export function isTypingTarget(element: Element | null): boolean {
  if (!element) return false;
  if (element instanceof HTMLTextAreaElement) return !element.readOnly && !element.disabled;
  if (element instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(element.type) && !element.readOnly && !element.disabled;
  return element instanceof HTMLElement && element.isContentEditable;
}

function dialogOpen(): boolean {
  return document.querySelector('[role="dialog"][aria-modal="true"]') !== null;
}

function onKeyDown(event: KeyboardEvent): void {
  if (event.isComposing || event.ctrlKey || event.altKey || event.metaKey) {
    detector.reset();
    return;
  }
  if (event.key === 'Enter') {
    const code = detector.enter(event.timeStamp);
    if (code === null || isTypingTarget(document.activeElement)) return;
    // The scan's Enter must never press the button that happens to have the focus (a CSV downloaded again, a
    // cancel dialog reopened). Captured on window, this runs before React's and Mantine's own key handlers.
    event.preventDefault();
    event.stopImmediatePropagation();
    if (dialogOpen()) return;
    handlers.at(-1)?.current(code.trim());
    return;
  }
  if (event.key.length === 1) detector.key(event.key, event.timeStamp);
  else if (event.key !== 'Shift') detector.reset();
}

/**
 * S-04, P-01, P-07: one scanner for every screen that reads a code. A scan (keys at a scanner's pace ending in Enter)
 * reaches `onScan` wherever the focus is — a table cell, a checkbox, a button, the page after a dialog closed —
 * unless the clerk is typing into a text field or a dialog is open. The handler of the screen mounted last wins.
 */
export function useScanner(onScan: ScanHandler, enabled = true): void {
  const latest = useRef(onScan);
  latest.current = onScan;
  useEffect(() => {
    if (!enabled) return;
    const entry = { current: (code: string) => latest.current(code) };
    handlers.push(entry);
    if (!listening) {
      window.addEventListener('keydown', onKeyDown, { capture: true });
      listening = true;
    }
    return () => {
      handlers.splice(handlers.indexOf(entry), 1);
      if (handlers.length === 0) {
        window.removeEventListener('keydown', onKeyDown, { capture: true });
        listening = false;
      }
    };
  }, [enabled]);
}
