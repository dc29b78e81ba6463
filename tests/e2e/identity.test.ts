// I-01, I-02, I-03 through the real UI with the fake camera: Chromium's fake capture device plays a picture of four
// coloured quadrants, so the test knows every pixel the ID photo had before masking.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tokyoDate } from '../../common/compliance.ts';
import { executeRequest } from '../support/core.ts';
import { FAKE_FRAME, quadrantOf, writeQuadrantY4m } from '../support/fake-camera.ts';
import { appraisedReception, cashFromSafe, pageActor } from './counter-fixtures.ts';
import { type Kiosk, signIn, startKiosk } from './harness.ts';

const watch = { categoryId: 'watch-wrist', name: 'ダイバーズウォッチ', grade: 'A' as const, quantity: 1, unitPrice: 25_000 };
const missing = (page: Page) => page.getByTestId('verification-missing').textContent();

/** Pixels of an image (data URL) at the given points, read by drawing it in the page (test-only evaluation). */
async function pixelsOf(page: Page, dataUrl: string, points: [number, number][]): Promise<{ width: number; height: number; rgb: number[][] }> {
  return (await page.evaluate(`(async () => {
    const image = new Image();
    image.src = ${JSON.stringify(dataUrl)};
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const points = ${JSON.stringify(points)};
    return { width: image.naturalWidth, height: image.naturalHeight,
      rgb: points.map(([x, y]) => Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3))) };
  })()`)) as { width: number; height: number; rgb: number[][] };
}

const near = (actual: number[], expected: readonly number[], tolerance: number) => actual.every((v, i) => Math.abs(v - expected[i]!) <= tolerance);

describe('identity records at the counter (I-01, I-02, I-03)', () => {
  let kiosk: Kiosk;
  let cameraDir: string;
  /** The shop's clock runs with real time; a test moves it back to settle something "years ago". */
  let clockOffsetMs = 0;
  /** Every ID photo the page sent to the main process, as sent. */
  const sentPhotos: { dataUrl: string; masks: number }[] = [];

  beforeAll(async () => {
    cameraDir = mkdtempSync(join(tmpdir(), 'kiosk-camera-'));
    const y4m = join(cameraDir, 'quadrants.y4m');
    writeQuadrantY4m(y4m);
    kiosk = await startKiosk({
      browserArgs: [`--use-file-for-fake-video-capture=${y4m}`],
      clock: () => new Date(Date.now() + clockOffsetMs),
    });
    kiosk.page.on('request', (request) => {
      if (!request.url().endsWith('/api/call/settlement:stageImage')) return;
      const body = JSON.parse(request.postData() ?? '{}') as { kind: string; dataUrl: string; masks?: number };
      if (body.kind === 'id_photo') sentPhotos.push({ dataUrl: body.dataUrl, masks: body.masks ?? 0 });
    });
    await signIn(kiosk.page);
  });
  afterAll(async () => {
    await kiosk?.close();
    rmSync(cameraDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    // A test that stopped half-way must not leave its wizard over the next one.
    const close = kiosk.page.getByRole('button', { name: '閉じる' }).first();
    if (await close.isVisible().catch(() => false)) await close.click().catch(() => {});
  });

  async function openVerification(page: Page, number: string) {
    await page.getByRole('button', { name: '買取精算', exact: true }).click();
    await page.getByTestId('reception-number-input').fill(number);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '精算確認' }).click();
    await page.getByLabel('上記の買取同意事項に同意する').check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByTestId('verification').waitFor();
  }

  async function capture(page: Page) {
    await page.getByRole('button', { name: 'カメラを起動' }).click();
    await expect.poll(() => page.locator('video').evaluate((v) => (v as unknown as { videoWidth: number }).videoWidth)).toBeGreaterThan(0);
    await page.getByRole('button', { name: '撮影' }).click();
    await page.getByTestId('mask-editor').waitFor();
  }

  /** Drags a rectangle on the editor's canvas; returns it in the image's own pixels. */
  async function drawMask(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
    const canvas = page.getByTestId('mask-canvas');
    // The canvas may sit partly under the wizard's sticky footer: bring it to the middle of the screen first.
    await canvas.evaluate((element) => (element as unknown as { scrollIntoView(options: object): void }).scrollIntoView({ block: 'center' }));
    const box = (await canvas.boundingBox())!;
    const scale = FAKE_FRAME.width / box.width;
    await page.mouse.move(box.x + from.x / scale, box.y + from.y / scale);
    await page.mouse.down();
    await page.mouse.move(box.x + ((from.x + to.x) / 2) / scale, box.y + ((from.y + to.y) / 2) / scale, { steps: 3 });
    await page.mouse.move(box.x + to.x / scale, box.y + to.y / scale, { steps: 3 });
    await page.mouse.up();
  }

  /** A walk-in buyback of the watch at the verification step: a driver's licence typed and photographed (no mask). */
  async function licenceWithPhoto(page: Page, last4: string) {
    const reception = await appraisedReception(kiosk, { items: [watch] });
    cashFromSafe(kiosk, await pageActor(kiosk), watch.unitPrice); // the till may be paid down by the tests before (M-06)
    await openVerification(page, reception.number);
    await page.getByRole('radio', { name: '身分証明書の提示' }).check({ force: true });
    await page.getByLabel('身分証明書の種類').selectOption('drivers_licence');
    await page.getByLabel('証明書番号の下4桁').fill(last4);
    await capture(page);
    await page.getByRole('button', { name: 'この画像を使う' }).click();
    return reception;
  }

  it('I-01 a health-insurance card: Next waits for a mask; only the masked image is sent and stored (black inside the rectangle, the original pixels elsewhere)', async () => {
    const { page, core } = kiosk;
    sentPhotos.length = 0;
    const reception = await appraisedReception(kiosk, { items: [watch] });
    cashFromSafe(kiosk, await pageActor(kiosk), watch.unitPrice); // the till may be paid down by the tests before (M-06)
    await openVerification(page, reception.number);
    await page.getByRole('radio', { name: '身分証明書の提示' }).check({ force: true });
    await page.getByLabel('身分証明書の種類').selectOption('health_insurance');
    const next = page.getByRole('button', { name: '次へ' });

    await capture(page);
    const use = page.getByRole('button', { name: 'この画像を使う' });
    expect(await use.isDisabled()).toBe(true);
    await page.getByTestId('mask-required').waitFor();
    // Undo and clear work; a tap is not a rectangle.
    await drawMask(page, { x: 400, y: 300 }, { x: 500, y: 400 });
    await expect.poll(() => page.getByTestId('mask-count').textContent()).toContain('1');
    await page.getByRole('button', { name: '元に戻す' }).click();
    await expect.poll(() => page.getByTestId('mask-count').textContent()).toContain('0');
    await drawMask(page, { x: 400, y: 300 }, { x: 402, y: 301 });
    await expect.poll(() => page.getByTestId('mask-count').textContent()).toContain('0');
    await drawMask(page, { x: 20, y: 20 }, { x: 100, y: 100 });
    await drawMask(page, { x: 500, y: 300 }, { x: 600, y: 420 });
    await page.getByRole('button', { name: '全て消す' }).click();
    await expect.poll(() => page.getByTestId('mask-count').textContent()).toContain('0');
    expect(await next.isDisabled()).toBe(true);
    expect(sentPhotos).toEqual([]);

    // The card's number sits in the top-left quadrant here: black it out (image pixels 60..260 × 40..200).
    const mask = { x0: 60, y0: 40, x1: 260, y1: 200 };
    await drawMask(page, { x: mask.x0, y: mask.y0 }, { x: mask.x1, y: mask.y1 });
    await use.click();
    await page.getByTestId('id-photo-masked').waitFor();
    await page.getByText('本人確認の記録は揃っています。').waitFor();
    expect(await next.isDisabled()).toBe(false);
    await next.click();
    await page.getByRole('radio', { name: '印刷しない' }).check({ force: true });
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();

    // Never sent unmasked: the one photo that left the page carried its mask.
    expect(sentPhotos.map((p) => p.masks)).toEqual([1]);
    const image = core.db
      .prepare(`SELECT si.id FROM settlement_images si JOIN settlements s ON s.id = si.settlement_id WHERE s.reception_id = ? AND si.kind = 'id_photo'`)
      .get(reception.id) as { id: string };
    // The stored image, decrypted with the vault's key: black inside the rectangle, the camera's colours elsewhere.
    const stored = core.services.settlement.settledImage(image.id);
    const inside: [number, number][] = [
      [mask.x0 + 5, mask.y0 + 5],
      [mask.x1 - 5, mask.y1 - 5],
      [(mask.x0 + mask.x1) / 2, (mask.y0 + mask.y1) / 2],
    ];
    const outside: [number, number][] = [
      [20, 20],
      [300, 220],
      [mask.x1 + 20, mask.y0 + 40],
      [480, 100],
      [100, 400],
      [500, 400],
    ];
    const pixels = await pixelsOf(page, stored, [...inside, ...outside]);
    expect({ width: pixels.width, height: pixels.height }).toEqual(FAKE_FRAME);
    for (const [i, rgb] of pixels.rgb.slice(0, inside.length).entries()) expect(rgb.every((v) => v < 40), `inside ${inside[i]}: ${rgb}`).toBe(true);
    for (const [i, rgb] of pixels.rgb.slice(inside.length).entries()) {
      const [x, y] = outside[i]!;
      expect(near(rgb, quadrantOf(x, y), 60), `outside (${x}, ${y}): ${rgb} vs ${quadrantOf(x, y)}`).toBe(true);
    }
    // And what was sent is what was stored.
    expect(stored).toBe(sentPhotos[0]!.dataUrl);
    expect(JSON.parse((core.db.prepare('SELECT verification FROM settlements WHERE reception_id = ?').get(reception.id) as { verification: string }).verification)).toMatchObject({
      documentType: 'health_insurance',
      documentNumberLast4: '',
      documentExpiry: null,
    });
  });

  it('I-01 a photo taken unmasked for a licence, then the type changed to a health-insurance card, must be retaken masked; execute refuses it too', async () => {
    const { page, core } = kiosk;
    const reception = await appraisedReception(kiosk, { items: [watch] });
    await openVerification(page, reception.number);
    await page.getByRole('radio', { name: '身分証明書の提示' }).check({ force: true });
    await page.getByLabel('身分証明書の種類').selectOption('drivers_licence');
    await page.getByLabel('有効期限', { exact: true }).fill('2031-03-31');
    await page.getByLabel('証明書番号の下4桁').fill('4821');
    await capture(page);
    await page.getByRole('button', { name: 'この画像を使う' }).click();
    await page.getByText('本人確認の記録は揃っています。').waitFor();

    await page.getByLabel('身分証明書の種類').selectOption('health_insurance');
    await page.getByTestId('id-photo-mask-missing').waitFor();
    await expect.poll(() => missing(page)).toContain('身分証明書写真のマスキング');
    expect(await page.getByRole('button', { name: '次へ' }).isDisabled()).toBe(true);
    // The main process holds the same rule: execute with the unmasked photo is refused and nothing is written.
    const actor = await pageActor(kiosk);
    await expect.poll(() => core.services.settlement.stagedIdentity(reception.id)?.documentType).toBe('health_insurance');
    const record = core.services.settlement.stagedIdentity(reception.id);
    await expect(
      core.services.settlement.execute(actor, { ...executeRequest(reception), verification: record }),
    ).rejects.toMatchObject({ code: 'ID_PHOTO_MASK_REQUIRED' });
    expect(core.services.receptions.get(reception.id).status).toBe('appraised');

    // Retake, masked: ready.
    await page.getByTestId('id-photo-thumb').click();
    await page.getByRole('dialog', { name: '画像の管理' }).getByRole('button', { name: '撮り直す' }).click();
    await expect.poll(() => page.locator('video').evaluate((v) => (v as unknown as { videoWidth: number }).videoWidth)).toBeGreaterThan(0);
    await page.getByRole('button', { name: '撮影' }).click();
    await drawMask(page, { x: 40, y: 40 }, { x: 200, y: 160 });
    await page.getByRole('button', { name: 'この画像を使う' }).click();
    await page.getByText('本人確認の記録は揃っています。').waitFor();
    expect(core.services.settlement.stagedPhotoMasks(reception.id)).toBe(1);
  });

  it('I-01 a reload while masking loses the capture: nothing was staged, sent or written, and the step asks for the photo again', async () => {
    const { page, core } = kiosk;
    sentPhotos.length = 0;
    const reception = await appraisedReception(kiosk, { items: [watch] });
    await openVerification(page, reception.number);
    await page.getByRole('radio', { name: '身分証明書の提示' }).check({ force: true });
    await page.getByLabel('身分証明書の種類').selectOption('health_insurance');
    await capture(page);
    await drawMask(page, { x: 40, y: 40 }, { x: 200, y: 160 });

    await page.reload();
    // The wizard resumes by itself at verification (B-06), without the capture.
    await page.getByTestId('verification').waitFor();
    expect(await page.getByTestId('mask-editor').count()).toBe(0);
    expect(sentPhotos).toEqual([]);
    expect(core.services.settlement.stagedKinds(reception.id)).not.toContain('id_photo');
    const draft = core.db.prepare('SELECT data FROM settlement_drafts WHERE reception_id = ?').get(reception.id) as { data: string } | undefined;
    expect(draft?.data ?? '').not.toContain('base64');
    expect(await missing(page)).toContain('身分証明書の写真');
    expect(await page.getByRole('button', { name: '次へ' }).isDisabled()).toBe(true);
  });

  it('I-03 an expired licence is refused at the step with its date; one expiring today is accepted and recorded', async () => {
    const { page, core } = kiosk;
    const reception = await licenceWithPhoto(page, '4821');

    const today = tokyoDate(new Date());
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const expiry = page.getByLabel('有効期限', { exact: true });
    // Typed as on the card (年月日); the field normalises it.
    await expiry.fill(`${yesterday.slice(0, 4)}年${Number(yesterday.slice(5, 7))}月${Number(yesterday.slice(8, 10))}日`);
    await expiry.blur();
    await expect.poll(() => expiry.inputValue()).toBe(yesterday);
    await page.getByText(`この身分証明書は有効期限（${yesterday}）が切れているため使えません。`).waitFor();
    await expect.poll(() => missing(page)).toContain(`身分証明書の有効期限（${yesterday}）が切れています`);
    expect(await page.getByRole('button', { name: '次へ' }).isDisabled()).toBe(true);

    await expiry.fill(today);
    await page.getByText('本人確認の記録は揃っています。').waitFor();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('radio', { name: '印刷しない' }).check({ force: true });
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    const record = JSON.parse((core.db.prepare('SELECT verification FROM settlements WHERE reception_id = ?').get(reception.id) as { verification: string }).verification);
    expect(record).toMatchObject({ documentType: 'drivers_licence', documentNumberLast4: '4821', documentExpiry: today, reusedFrom: null });
  });

  it('I-03 a wizard left open at execute overnight: the counter locks, and after sign-in execute refuses the licence that expired at midnight; nothing is settled or paid', async () => {
    const { page, core } = kiosk;
    const reception = await licenceWithPhoto(page, '5190');
    const actor = await pageActor(kiosk);
    // Valid through today: the step accepts it.
    const today = tokyoDate(new Date());
    await page.getByLabel('有効期限', { exact: true }).fill(today);
    await page.getByText('本人確認の記録は揃っています。').waitFor();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('radio', { name: '印刷しない' }).check({ force: true });
    const cashBefore = core.services.till.current(actor.terminal.id);
    // The wizard has saved its step and the record it holds (B-06), as it has long before a counter sits overnight.
    const draft = () => (core.db.prepare('SELECT data FROM settlement_drafts WHERE reception_id = ?').get(reception.id) as { data: string } | undefined)?.data ?? '';
    await expect.poll(draft).toContain('"step":"execute"');
    await expect.poll(() => core.services.settlement.stagedIdentity(reception.id)?.documentExpiry).toBe(today);

    try {
      // The shop's clock reaches the next day with the wizard open: the idle lock's next tick (run here rather than
      // waited for) ends the clerk's session.
      clockOffsetMs = 86_400_000;
      core.services.accounts.lockIdleSessions();
      await page.getByLabel('従業員コード').waitFor();
      await signIn(page);
      await page.getByRole('dialog', { name: `精算確認 ${reception.number}` }).waitFor();
      await page.getByTestId('execute').click();
      await page.getByRole('alert').getByText(`身分証明書の有効期限（${today}）が切れています。有効な身分証明書で確認してください。`).waitFor();
      expect(core.services.receptions.get(reception.id).status).toBe('appraised');
      expect(core.db.prepare('SELECT COUNT(*) AS n FROM settlements WHERE reception_id = ?').get(reception.id)).toEqual({ n: 0 });
      expect(core.services.till.current(actor.terminal.id)).toEqual(cashBefore);
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('I-02 a member: the step lists earlier checks; an expired one says why, a valid one is reused (no new photo) and the new record names it', async () => {
    const { page, core } = kiosk;
    // Earlier settlements of member M0000002 through the services: one with a licence valid for years, one whose
    // licence has expired since (settled back when it was valid).
    const member = core.services.customers.search('M0000002')[0]!;
    const actor = await pageActor(kiosk);
    const settleEarlier = async (expiryDate: string, last4: string) => {
      const r = await appraisedReception(kiosk, { items: [watch], member: true });
      core.services.settlement.stageImage(r.id, 'id_photo', `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).toString('base64')}`);
      cashFromSafe(kiosk, actor, r.totals.total);
      await core.services.settlement.execute(actor, {
        ...executeRequest(r),
        verification: {
          method: 'id_document',
          documentType: 'drivers_licence',
          documentNumberLast4: last4,
          documentExpiry: expiryDate,
          reusedFrom: null,
          seller: { name: member.name, address: member.address, occupation: member.occupation || '会社員', birthDate: member.birthDate ?? '' },
          guardian: null,
          invoice: { registered: false, tNumber: '' },
        },
      });
      return core.db.prepare('SELECT id, settled_at FROM settlements WHERE reception_id = ?').get(r.id) as { id: string; settled_at: string };
    };
    // Two years ago the member showed a licence valid for one more year: it has expired since.
    const expiredOn = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    clockOffsetMs = -2 * 365 * 86_400_000;
    let expired: { id: string; settled_at: string };
    try {
      expired = await settleEarlier(expiredOn, '7777');
    } finally {
      clockOffsetMs = 0;
    }
    const valid = await settleEarlier('2031-03-31', '4821');

    const reception = await appraisedReception(kiosk, { items: [watch], member: true });
    cashFromSafe(kiosk, await pageActor(kiosk), watch.unitPrice); // the till may be paid down by the tests before (M-06)
    await openVerification(page, reception.number);
    const history = page.getByTestId('earlier-verifications');
    await history.waitFor();
    const expiredRow = history.locator(`tr[data-settlement="${expired.id}"]`);
    await expiredRow.getByText(`有効期限切れ（${expiredOn}）のため使えません`).waitFor();
    expect(await expiredRow.getByRole('button').count()).toBe(0);
    const validRow = history.locator(`tr[data-settlement="${valid.id}"]`);
    for (const text of ['運転免許証', '4821', '2031-03-31', '山田 花子']) await validRow.getByText(text).first().waitFor();

    await validRow.getByRole('button').click();
    await page.getByTestId('reusing-verification').waitFor();
    expect(await page.getByLabel('身分証明書の種類').inputValue()).toBe('drivers_licence');
    expect(await page.getByLabel('身分証明書の種類').isDisabled()).toBe(true);
    // No photo is taken for a reuse: the step is complete without one.
    await page.getByText('本人確認の記録は揃っています。').waitFor();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('radio', { name: '印刷しない' }).check({ force: true });
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();

    const record = JSON.parse((core.db.prepare('SELECT verification FROM settlements WHERE reception_id = ?').get(reception.id) as { verification: string }).verification);
    expect(record).toMatchObject({
      method: 'id_document',
      documentType: 'drivers_licence',
      documentNumberLast4: '4821',
      documentExpiry: '2031-03-31',
      reusedFrom: { settlementId: valid.id, verifiedAt: valid.settled_at },
    });
    const photos = core.db
      .prepare(`SELECT COUNT(*) AS n FROM settlement_images si JOIN settlements s ON s.id = si.settlement_id WHERE s.reception_id = ? AND si.kind = 'id_photo'`)
      .get(reception.id);
    expect(photos).toEqual({ n: 0 });
    // HQ hears of the reuse in the settlement's payload.
    const settlementId = (core.db.prepare('SELECT id FROM settlements WHERE reception_id = ?').get(reception.id) as { id: string }).id;
    const payload = JSON.parse((core.db.prepare('SELECT payload FROM outbox WHERE aggregate_id = ?').get(settlementId) as { payload: string }).payload);
    expect(payload.verification.reusedFrom).toEqual({ settlementId: valid.id, verifiedAt: valid.settled_at });
  });
});
