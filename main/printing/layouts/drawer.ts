import type { DrawerSettings } from '../../../common/printing.ts';

const ESC = 0x1b;

/**
 * M-01: `ESC p m t1 t2` — a pulse on the drawer kick-out connector, pin 2 (m = 0) or pin 5 (m = 1), on for t1 × 2 ms
 * and off for t2 × 2 ms. Written here rather than with node-thermal-printer's openCashDrawer(), which sends `ESC p 0`
 * and `ESC p 1` without their times: a printer then reads the next command's bytes as pulse times.
 */
export function drawerKick(settings: Pick<DrawerSettings, 'pin' | 'pulseOnMs' | 'pulseOffMs'>): Buffer {
  return Buffer.from([ESC, 0x70, settings.pin === 2 ? 0 : 1, pulseUnits(settings.pulseOnMs), pulseUnits(settings.pulseOffMs)]);
}

function pulseUnits(ms: number): number {
  return Math.min(255, Math.max(1, Math.round(ms / 2)));
}
