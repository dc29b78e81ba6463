/**
 * the admin page's publish form, for a category or a day's metal price. The page is behind the admin's HTTP
 * Basic credentials, which a browser also sends with a form another site makes it post — so the form carries a token
 * only this server can make and only a page read from this origin can hold (HMAC of its issue time under a key drawn
 * at start; valid 2 hours), and a post whose Origin or Sec-Fetch-Site says another site is refused outright.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_LIFETIME_MS = 2 * 60 * 60 * 1000;

export class PublishFormGuard {
  private readonly key = randomBytes(32);

  issue(now: Date): string {
    const issuedAt = String(now.getTime());
    return `${issuedAt}.${this.sign(issuedAt)}`;
  }

  /** Whether a posted form may publish: a token this server issued, still valid, from a page of this origin. */
  accepts(token: unknown, headers: { origin?: string | undefined; host?: string | undefined; 'sec-fetch-site'?: string | undefined }, now: Date): boolean {
    const fetchSite = headers['sec-fetch-site'];
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
    if (headers.origin !== undefined && headers.origin !== 'null') {
      try {
        if (new URL(headers.origin).host !== headers.host) return false;
      } catch {
        return false;
      }
    }
    if (typeof token !== 'string') return false;
    const [issuedAt, signature] = token.split('.');
    if (!issuedAt || !signature || !/^\d{1,15}$/.test(issuedAt)) return false;
    const age = now.getTime() - Number(issuedAt);
    if (age < 0 || age > TOKEN_LIFETIME_MS) return false;
    const expected = Buffer.from(this.sign(issuedAt), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(issuedAt: string): string {
    return createHmac('sha256', this.key).update(`master-data-publish:${issuedAt}`).digest('base64url');
  }
}

/** The posted fields (application/x-www-form-urlencoded) as one change for the protocol's own schema to judge. */
export function changeFromForm(fields: Record<string, string>): unknown {
  const storeCode = fields.storeCode?.trim() ? fields.storeCode.trim() : null;
  const integer = (value: string | undefined) => (value !== undefined && /^\d{1,12}$/.test(value.trim()) ? Number(value.trim()) : value);
  if (fields.kind === 'category') {
    return {
      kind: 'category',
      storeCode,
      data: {
        id: fields.id ?? '',
        parentId: fields.parentId?.trim() ? fields.parentId.trim() : null,
        nameJa: fields.nameJa ?? '',
        nameEn: fields.nameEn ?? '',
        alwaysVerify: fields.alwaysVerify === 'on',
        sortOrder: integer(fields.sortOrder),
        active: fields.active === 'on',
        metal: fields.metal?.trim() ? fields.metal.trim() : null,
      },
    };
  }
  if (fields.kind === 'metal_price') {
    return {
      kind: 'metal_price',
      storeCode,
      data: { metal: fields.metal?.trim() ?? '', businessDate: fields.businessDate ?? '', pricePerGram: integer(fields.pricePerGram) },
    };
  }
  return { kind: fields.kind };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The two forms of the page (no script: the page's CSP allows none). */
export function renderPublishFormsHtml(token: string, today: string): string {
  const csrf = `<input type="hidden" name="csrf" value="${escapeHtml(token)}">`;
  const store = '<label>対象店舗コード（空欄で全店）<input name="storeCode" maxlength="32"></label>';
  return `<h2>配信する</h2>
<form method="post" action="/master-data" aria-label="分類を配信"><fieldset><legend>分類</legend>${csrf}<input type="hidden" name="kind" value="category">
<label>分類ID（英小文字・数字・-）<input name="id" required pattern="[a-z0-9-]{1,40}"></label>
<label>親分類ID（空欄で大分類）<input name="parentId" pattern="[a-z0-9-]{1,40}"></label>
<label>分類名（日本語）<input name="nameJa" required maxlength="60"></label>
<label>分類名（英語）<input name="nameEn" required maxlength="60"></label>
<label>表示順<input name="sortOrder" type="number" min="0" max="1000000" value="1000" required></label>
<label>貴金属（K18 など、空欄で対象外）<input name="metal" maxlength="20"></label>
<label><input type="checkbox" name="alwaysVerify"> 常に本人確認する</label>
<label><input type="checkbox" name="active" checked> 有効</label>
${store}<button type="submit">分類を配信</button></fieldset></form>
<form method="post" action="/master-data" aria-label="貴金属価格を配信"><fieldset><legend>貴金属の買取価格（1gあたり）</legend>${csrf}<input type="hidden" name="kind" value="metal_price">
<label>貴金属<input name="metal" required maxlength="20"></label>
<label>営業日<input name="businessDate" type="date" value="${escapeHtml(today)}" required></label>
<label>価格（円/g）<input name="pricePerGram" type="number" min="1" max="100000000" required></label>
${store}<button type="submit">価格を配信</button></fieldset></form>`;
}
