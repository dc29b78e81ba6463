/**
 * A-04: master data at HQ — an admin publishes changes (each gets the chain's next version), kiosks pull the changes
 * after the version they hold, a page at a time, only those for the whole chain or for their own store.
 */
import { type MasterChange, type MasterChangeInput, MASTER_PAGE_MAX, type MasterPage } from 'kaitori-sync-protocol';
import type { HqDatabase } from './db.ts';

export function masterItemKey(change: MasterChangeInput): string {
  switch (change.kind) {
    case 'category':
      return change.data.id;
    case 'catalog':
      return change.data.code;
    case 'metal_price':
      return `${change.data.metal}@${change.data.businessDate}`;
    case 'terms':
      return 'terms';
    case 'staff':
      return change.data.code;
    case 'setting':
      return change.data.key;
  }
}

/** Stores the changes in one transaction, in the order given; returns the newest version. */
export async function publishMasterData(db: HqDatabase, changes: MasterChangeInput[], at: string, by: string): Promise<number> {
  return db.transaction(async (tx) => {
    let version = 0;
    for (const change of changes) {
      const [row] = await tx.query<{ version: number | string }>(
        `INSERT INTO master_changes (kind, item_key, store_code, data, published_at, published_by) VALUES (?, ?, ?, ?, ?, ?)
         RETURNING version`,
        [change.kind, masterItemKey(change), change.storeCode, JSON.stringify(change.data), at, by],
      );
      version = Number(row!.version);
    }
    return version;
  });
}

/** The changes after `since` that reach `storeCode`, oldest first, at most `limit` (≤ MASTER_PAGE_MAX). */
export async function readMasterChanges(db: HqDatabase, storeCode: string, since: number, limit: number): Promise<MasterPage> {
  const size = Math.min(Math.max(1, limit), MASTER_PAGE_MAX);
  const rows = await db.query<{ version: number | string; kind: MasterChange['kind']; store_code: string | null; data: string; published_at: string }>(
    `SELECT version, kind, store_code, data, published_at FROM master_changes
      WHERE version > ? AND (store_code IS NULL OR store_code = ?) ORDER BY version LIMIT ?`,
    [since, storeCode, size + 1],
  );
  const page = rows.slice(0, size).map(
    (row) =>
      ({
        version: Number(row.version),
        kind: row.kind,
        storeCode: row.store_code,
        publishedAt: row.published_at,
        data: JSON.parse(row.data),
      }) as MasterChange,
  );
  return { changes: page, version: page.at(-1)?.version ?? since, more: rows.length > size };
}

/** The newest changes, for the admin page. */
export async function readRecentMasterChanges(db: HqDatabase, limit: number): Promise<(MasterChange & { publishedBy: string })[]> {
  const rows = await db.query<{ version: number | string; kind: MasterChange['kind']; store_code: string | null; data: string; published_at: string; published_by: string }>(
    'SELECT version, kind, store_code, data, published_at, published_by FROM master_changes ORDER BY version DESC LIMIT ?',
    [limit],
  );
  return rows.map(
    (row) =>
      ({
        version: Number(row.version),
        kind: row.kind,
        storeCode: row.store_code,
        publishedAt: row.published_at,
        publishedBy: row.published_by,
        data: JSON.parse(row.data),
      }) as MasterChange & { publishedBy: string },
  );
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A PIN hash is not for the page: it would only help someone guess the PIN offline. */
function shownData(change: MasterChange): unknown {
  return change.kind === 'staff' ? { ...change.data, pinHash: '（非表示）' } : change.data;
}

/** A minimal admin page: the newest published changes, and how to publish (the API takes JSON only). */
export function renderMasterDataPageHtml(
  changes: (MasterChange & { publishedBy: string })[],
  page: { forms?: string; notice?: { ok: boolean; text: string } } = {},
): string {
  const rows = changes
    .map(
      (c) =>
        `<tr><td>${c.version}</td><td>${escapeHtml(c.kind)}</td><td>${escapeHtml(c.storeCode ?? '全店')}</td><td><code>${escapeHtml(JSON.stringify(shownData(c)))}</code></td><td>${escapeHtml(c.publishedAt)}</td><td>${escapeHtml(c.publishedBy)}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>マスタデータ — Kaitori HQ</title>
<style>body{font-family:sans-serif;margin:2rem}label{display:block;margin:.3rem 0}fieldset{margin:1rem 0}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}code{white-space:pre-wrap}</style></head>
<body><h1>マスタデータ（本部配信）</h1>
${page.notice ? `<p role="status" style="padding:.5rem;border:2px solid ${page.notice.ok ? '#1b5e20' : '#b71c1c'}">${escapeHtml(page.notice.text)}</p>` : ''}
<p>最新版: ${changes[0]?.version ?? 0}。配信は下のフォーム、または <code>POST /api/v1/master-data</code>（JSON、管理トークン）で行います。各店の端末は次回の同期で取り込みます。</p>
${page.forms ?? ''}
<table><thead><tr><th>版</th><th>種類</th><th>対象店舗</th><th>内容</th><th>配信日時</th><th>配信者</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}
