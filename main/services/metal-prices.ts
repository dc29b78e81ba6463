/**
 * today's buy price per gram of each precious metal (set by a manager, audited, dated by Tokyo business day)
 * and the pricing of a metal item by weight.
 */
import { type MetalRounding, metalUnitPrice } from '../../common/metal-price.ts';
import { tokyoDate } from '../../common/tokyo-time.ts';
import type { Db } from '../../db/open.ts';
import { cachedStatement } from '../../db/statements.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import type { MetalPrices } from '../../preload/types.ts';
import { KioskError } from '../errors.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import { type ServiceDeps, nowIso } from './deps.ts';
import { readSetting, writeSetting } from './settings.ts';

// A price HQ published for the day is HQ's: it wins over the shop's own and cannot be changed here.
const TODAY_PRICE = `
  SELECT price_per_gram AS pricePerGram, set_at AS setAt, s.name AS setBy, p.source
    FROM metal_prices p LEFT JOIN staff s ON s.id = p.set_by
   WHERE metal = ? AND business_date = ? ORDER BY p.source = 'hq' DESC, set_at DESC, p.rowid DESC LIMIT 1`;

interface TodayRow {
  pricePerGram: number;
  setAt: string;
  setBy: string | null;
  source: 'store' | 'hq';
}

function metals(db: Db): string[] {
  return cachedStatement(db, 'SELECT metal FROM categories WHERE metal IS NOT NULL GROUP BY metal ORDER BY MIN(sort_order)').pluck().all() as string[];
}

/** Each metal with today's price (null when none was set today), and the rounding rule. */
export function todaysMetalPrices(db: Db, now: Date): MetalPrices {
  const businessDate = tokyoDate(now);
  return {
    businessDate,
    rounding: readSetting(db, 'metalRounding'),
    prices: metals(db).map((metal) => {
      const row = cachedStatement(db, TODAY_PRICE).get(metal, businessDate) as TodayRow | undefined;
      return { metal, pricePerGram: row?.pricePerGram ?? null, setAt: row?.setAt ?? null, setBy: row?.setBy ?? null, owner: row?.source ?? 'store' };
    }),
  };
}

export class MetalPricesService {
  constructor(private readonly deps: ServiceDeps) {}

  today(): MetalPrices {
    return todaysMetalPrices(this.deps.db, this.deps.clock());
  }

  /** A manager sets today's buy price per gram of one metal; the previous one stays in the history. Audited. */
  setPrice(actor: Actor, metal: string, pricePerGram: number): MetalPrices {
    const { db } = this.deps;
    const at = nowIso(this.deps);
    if (!metals(db).includes(metal)) throw new KioskError('METAL_UNKNOWN', { params: { metal } });
    writeTransaction(db, () => {
      const businessDate = tokyoDate(at);
      const before = cachedStatement(db, TODAY_PRICE).get(metal, businessDate) as TodayRow | undefined;
      // a field HQ owns cannot be changed locally.
      if (before?.source === 'hq') throw new KioskError('MASTER_DATA_HQ_OWNED', { params: { metal } });
      const id = this.deps.newId();
      cachedStatement(db, 'INSERT INTO metal_prices (id, metal, business_date, price_per_gram, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        id,
        metal,
        businessDate,
        pricePerGram,
        actor.staff.id,
        at,
      );
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'metal_price.set',
        entity: 'metal_price',
        entityId: id,
        detail: { metal, businessDate, pricePerGram, previous: before?.pricePerGram ?? null },
      });
    });
    return this.today();
  }

  setRounding(actor: Actor, rounding: MetalRounding): MetalPrices {
    const { db } = this.deps;
    const at = nowIso(this.deps);
    writeTransaction(db, () => {
      const previous = readSetting(db, 'metalRounding');
      writeSetting(db, 'metalRounding', rounding, at);
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'settings.metalRounding',
        entity: 'settings',
        entityId: 'metalRounding',
        detail: { rounding, previous },
      });
    });
    return this.today();
  }
}

/**
 * A-03, inside an appraisal change's transaction: the price of an item of a metal category — weight × today's price
 * per gram — or null for other categories (which carry no weight). Refused when today has no price for the metal
 * (the clerk cannot use the metal rule), and when the rate the clerk saw is no longer today's: what the clerk quoted
 * must be what is recorded, so the form shows the new rate and the clerk adds again. Items already priced keep theirs.
 */
export function priceByWeight(
  db: Db,
  now: Date,
  item: { categoryId: string; weightCg: number | null; seenPricePerGram: number | null },
): { unitPrice: number; weightCg: number; pricePerGram: number } | null {
  const metal = cachedStatement(db, 'SELECT metal FROM categories WHERE id = ?').pluck().get(item.categoryId) as string | null | undefined;
  if (!metal) return null;
  if (item.weightCg === null) throw new KioskError('INVALID_INPUT', { fields: { 'item.weightCg': 'validation.weightRequired' } });
  const today = cachedStatement(db, TODAY_PRICE).get(metal, tokyoDate(now)) as { pricePerGram: number } | undefined;
  if (!today) throw new KioskError('METAL_PRICE_NOT_SET', { params: { metal } });
  if (item.seenPricePerGram !== null && item.seenPricePerGram !== today.pricePerGram) {
    throw new KioskError('METAL_PRICE_CHANGED', { params: { metal, amount: today.pricePerGram } });
  }
  return {
    unitPrice: metalUnitPrice(item.weightCg, today.pricePerGram, readSetting(db, 'metalRounding')),
    weightCg: item.weightCg,
    pricePerGram: today.pricePerGram,
  };
}
