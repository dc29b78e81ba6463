/**
 * A-04: HQ's admin page publishes a category or a metal price from a form (SQLite and PostgreSQL). The admin's
 * Basic credentials alone are not enough: a post needs the token of a page read from this origin, so another site
 * cannot make the admin's browser publish; what the form sends is judged by the protocol's own schema.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { masterPageSchema } from 'kaitori-sync-protocol';
import { backends, type RunningHq, startHq } from './support/hq.ts';

let hq: RunningHq | undefined;
afterEach(async () => {
  await hq?.close();
  hq = undefined;
});

const basic = (hq: RunningHq) => `Basic ${Buffer.from(`本部:${hq.adminToken}`).toString('base64')}`;

async function openPage(hq: RunningHq): Promise<{ html: string; csrf: string }> {
  const response = await fetch(`${hq.url}/master-data`, { headers: { authorization: basic(hq) } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-security-policy')).toContain("form-action 'self'");
  const html = await response.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error('no form token on the page');
  return { html, csrf };
}

function post(hq: RunningHq, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${hq.url}/master-data`, {
    method: 'POST',
    redirect: 'manual',
    headers: { authorization: basic(hq), 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

async function pulled(hq: RunningHq) {
  const response = await fetch(`${hq.url}/api/v1/master-data?since=0`, { headers: { authorization: `Bearer ${hq.token}` } });
  return masterPageSchema.parse(await response.json()).changes;
}

const smartwatch = { kind: 'category', id: 'watch-smart', parentId: 'watch', nameJa: 'スマートウォッチ＜新＞', nameEn: 'Smartwatches', sortOrder: '23', metal: '', active: 'on', storeCode: '' };

describe.each(backends())('A-04 the HQ admin page publishes from a form on $name', (backend) => {
  it('A-04 a category and a metal price published from the page reach the kiosks’ pull; the page shows the new version', async () => {
    hq = await startHq(backend);
    const { html, csrf } = await openPage(hq);
    expect(html).toContain('aria-label="分類を配信"');
    const category = await post(hq, { ...smartwatch, csrf });
    expect(category.status).toBe(303);
    expect(category.headers.get('location')).toBe('/master-data?published=1');
    // As a browser posts the page's own form: same origin, said so.
    const price = await post(hq, { kind: 'metal_price', metal: 'K18', businessDate: '2026-11-27', pricePerGram: '15000', storeCode: 'S001', csrf }, { origin: hq.url, 'sec-fetch-site': 'same-origin' });
    expect(price.status).toBe(303);
    expect(await pulled(hq)).toMatchObject([
      { version: 1, kind: 'category', storeCode: null, data: { id: 'watch-smart', nameJa: 'スマートウォッチ＜新＞', alwaysVerify: false, active: true, sortOrder: 23, metal: null } },
      { version: 2, kind: 'metal_price', storeCode: 'S001', data: { metal: 'K18', businessDate: '2026-11-27', pricePerGram: 15_000 } },
    ]);
    const after = await fetch(`${hq.url}/master-data?published=2`, { headers: { authorization: basic(hq) } });
    const page = await after.text();
    expect(page).toContain('配信しました（版 2）。');
    // What was typed is shown escaped, never as markup.
    expect(page).toContain('スマートウォッチ＜新＞');
    expect(page).not.toContain('<script');
  });

  it('A-04 another site cannot make the admin’s browser publish: no token, a forged or expired token, a cross-site origin — 403, nothing stored', async () => {
    hq = await startHq(backend);
    const { csrf } = await openPage(hq);
    const [issuedAt] = csrf.split('.');
    const refusals: [Record<string, string>, Record<string, string>][] = [
      [{ ...smartwatch }, {}],
      [{ ...smartwatch, csrf: `${issuedAt}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA` }, {}],
      [{ ...smartwatch, csrf: `${Number(issuedAt) - 3 * 60 * 60 * 1000}.${csrf.split('.')[1]}` }, {}],
      [{ ...smartwatch, csrf }, { origin: 'https://evil.example' }],
      [{ ...smartwatch, csrf }, { 'sec-fetch-site': 'cross-site' }],
    ];
    for (const [fields, headers] of refusals) {
      const response = await post(hq, fields, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    // Without the admin's credentials, not even the page.
    const anonymous = await fetch(`${hq.url}/master-data`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...smartwatch, csrf }).toString() });
    expect(anonymous.status).toBe(401);
    // The JSON API still takes no form body.
    const formToApi = await fetch(`${hq.url}/api/v1/master-data`, {
      method: 'POST',
      headers: { authorization: basic(hq), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(smartwatch).toString(),
    });
    expect(formToApi.status).toBe(415);
    expect(await pulled(hq)).toEqual([]);
  });

  it('A-04 bad input from the form is refused with the reason on the page and publishes nothing', async () => {
    hq = await startHq(backend);
    const { csrf } = await openPage(hq);
    const bad: Record<string, string>[] = [
      { ...smartwatch, id: 'Watch Smart', csrf },
      { ...smartwatch, sortOrder: '-1', csrf },
      { kind: 'metal_price', metal: 'K18', businessDate: '27/11/2026', pricePerGram: '15000', csrf },
      { kind: 'metal_price', metal: 'K18', businessDate: '2026-11-27', pricePerGram: '0', csrf },
      { kind: 'staff', code: '2042', csrf },
    ];
    for (const fields of bad) {
      const response = await post(hq, fields);
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(await response.text()).toContain('配信できませんでした（何も配信していません）');
    }
    expect(await pulled(hq)).toEqual([]);
  });
});
