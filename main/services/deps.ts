import type { Db } from '../../db/open.ts';
import type { KioskEventBus } from '../events.ts';

/** What every service is built from: injected, so tests fix the clock and the ids (STYLE.md 5). */
export interface ServiceDeps {
  db: Db;
  clock: () => Date;
  newId: () => string;
  events: KioskEventBus;
}

export function nowIso(deps: Pick<ServiceDeps, 'clock'>): string {
  return deps.clock().toISOString();
}
