import type { Db } from '../../db/open.ts';

/**
 * Takes a database back to before migrations 060–063 and 083 (issue 17: catalog, price points, metals, master data), for tests
 * that rewind PRAGMA user_version to replay an older upgrade: the replay then adds these again as it would have.
 */
export function undoAppraisalMigrations(db: Db): void {
  db.exec(`
    ALTER TABLE agreement_terms DROP COLUMN owner;
    ALTER TABLE agreement_terms DROP COLUMN hq_version;
    ALTER TABLE staff DROP COLUMN owner;
    ALTER TABLE settings DROP COLUMN owner;
    DROP TABLE master_data_state;
    DROP TRIGGER reception_items_settled_weight;
    ALTER TABLE reception_items DROP COLUMN weight_cg;
    ALTER TABLE reception_items DROP COLUMN metal_price_per_gram;
    DROP TABLE metal_prices;
    DELETE FROM categories WHERE metal IS NOT NULL;
    ALTER TABLE categories DROP COLUMN metal;
    ALTER TABLE categories DROP COLUMN owner;
    ALTER TABLE categories DROP COLUMN active;
    DROP TABLE price_points;
    DROP TABLE catalog_fts;
    DROP TABLE catalog_search;
    DROP TABLE catalog_search_pending;
    DROP TABLE catalog_items;
    DROP TRIGGER reception_items_settled_product_code;
    ALTER TABLE reception_items DROP COLUMN product_code;`);
}
