import { afterEach, describe, expect, it } from 'vitest';
import { masterPageSchema } from 'kaitori-sync-protocol';
import { backends, type RunningHq, startHq } from './support/hq.ts';

const k18Today = { kind: 'metal_price', data: { metal: 'K18', businessDate: '2026-12-01', pricePerGram: 15_000 } };
const watchCategory = {
  kind: 'category',
  data: { id: 'watch-smart', parentId: 'watch', nameJa: 'スマートウォッチ', nameEn: 'Smartwatches', alwaysVerify: false, sortOrder: 23, active: true },
};

async function publish(hq: RunningHq, changes: unknown[], token = hq.adminToken) {
  const response = await fetch(`${hq.url}/api/v1/master-data`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ changes, publishedBy: '本部 商品部 𠮷田' }),
  });
  return { status: response.status, body: (await response.json()) as { version?: number; error?: { code: string } } };
}

async function pull(hq: RunningHq, since: number, limit = 500, token = hq.token) {
  const response = await fetch(`${hq.url}/api/v1/master-data?since=${since}&limit=${limit}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe.each(backends())('A-04 master data published at HQ on $name', (backend) => {
  let hq: RunningHq | undefined;
  afterEach(async () => {
    await hq?.close();
    hq = undefined;
  });

  it('A-04 an admin publishes versioned changes; a terminal pulls those after its version, a page at a time', async () => {
    hq = await startHq(backend);
    const first = await publish(hq, [watchCategory, k18Today]);
    expect(first).toMatchObject({ status: 200, body: { version: expect.any(Number) } });
    // Real JANs (check digits valid): HQ refuses a code a kiosk's catalog could never hold.
    const codes = ['4902370548495', '4902370548501', '4902370548518', '4902370548525', '4902370548532'];
    const catalog = codes.map((code, i) => ({
      kind: 'catalog',
      data: { code, name: `ニンテンドースイッチ ${i} 😀`, maker: '任天堂', model: `HEG-${i}`, categoryId: 'game-console' },
    }));
    const second = await publish(hq, catalog);
    expect(second.body.version).toBe(first.body.version! + 5);

    const page1 = masterPageSchema.parse((await pull(hq, 0, 3)).body);
    expect(page1.changes.map((c) => c.kind)).toEqual(['category', 'metal_price', 'catalog']);
    expect(page1.more).toBe(true);
    expect(page1.changes[0]).toMatchObject({ storeCode: null, data: watchCategory.data });
    const page2 = masterPageSchema.parse((await pull(hq, page1.version, 3)).body);
    expect(page2.changes).toHaveLength(3);
    const page3 = masterPageSchema.parse((await pull(hq, page2.version, 3)).body);
    expect(page3).toMatchObject({ more: false, version: second.body.version });
    expect([...page1.changes, ...page2.changes, ...page3.changes].map((c) => c.version)).toEqual(
      Array.from({ length: 7 }, (_, i) => first.body.version! - 1 + i),
    );
    // Nothing new: an empty page that keeps the version.
    expect(masterPageSchema.parse((await pull(hq, second.body.version!)).body)).toEqual({ changes: [], version: second.body.version, more: false });
  });

  it('A-04 a change for one store reaches that store only', async () => {
    hq = await startHq(backend);
    await publish(hq, [
      { ...k18Today, storeCode: 'S002' },
      { ...k18Today, storeCode: 'S001', data: { ...k18Today.data, pricePerGram: 15_100 } },
    ]);
    const page = masterPageSchema.parse((await pull(hq, 0)).body);
    expect(page.changes.map((c) => [c.storeCode, c.kind === 'metal_price' ? c.data.pricePerGram : null])).toEqual([['S001', 15_100]]);
  });

  it('A-04 publishing needs the admin token and valid data; pulling needs a terminal token; nothing is stored when refused', async () => {
    hq = await startHq(backend);
    expect((await publish(hq, [watchCategory], 'wrong')).status).toBe(401);
    expect((await publish(hq, [watchCategory], hq.token)).status).toBe(401);
    const invalid = await publish(hq, [watchCategory, { kind: 'catalog', data: { code: '4902370548496', name: 'スイッチ', maker: '', model: '', categoryId: 'game-console' } }]);
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'INVALID_MASTER_DATA' } } });
    expect((await pull(hq, 0, 500, 'not-a-terminal')).status).toBe(401);
    expect(masterPageSchema.parse((await pull(hq, 0)).body).changes).toEqual([]);
    const page = await fetch(`${hq.url}/master-data`, { headers: { authorization: `Basic ${Buffer.from(`admin:${hq.adminToken}`).toString('base64')}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('マスタデータ（本部配信）');
  });
});
