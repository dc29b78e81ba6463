// in the real shell: the statement of a settled buyback and a quote are made by the main process in a
// hidden, sandboxed window of the print page (printToPDF) and saved into IT's export folder; poppler reads them back.
// The hidden window can call no channel: ipc.ts trusts only the kiosk window.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { kioskProfile, launchWithExportFolder } from './support.mjs';

const profile = kioskProfile('kiosk-documents-');
let app;
let exportFolder;
let call;
const text = (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

before(async () => {
  ({ app, exportFolder, call } = await launchWithExportFolder(profile, { code: '1001', pin: '1234' }, { electron, assert }));
});

after(async () => {
  await app?.evaluate(({ app: electronApp }) => electronApp.exit(0)).catch(() => {});
  await app?.close().catch(() => {});
  rmSync(profile.dataHome, { recursive: true, force: true });
});

describe('Q-01 Q-02 Q-03 documents made by the Electron main process', () => {
  it('the demo settlement statement lands in the export folder as a PDF with the shop, the terms version and 再発行 the second time', async () => {
    const settled = (await call('reception:list', { status: ['settled'] })).value.rows[0];
    const first = await call('document:issue', { kind: 'statement', receptionId: settled.id, output: 'pdf', language: 'ja' });
    assert.equal(first.value.outcome, 'saved', JSON.stringify(first));
    const firstText = text(path.join(exportFolder, first.value.fileName));
    for (const expected of ['買取明細書兼買取承諾書', 'かいとり屋渋谷店', '東京都公安委員会第301234567890号', settled.number, '買取同意事項（第1版）']) {
      assert.ok(firstText.includes(expected), expected);
    }
    assert.ok(!firstText.includes('再発行'));
    const second = await call('document:issue', { kind: 'statement', receptionId: settled.id, output: 'pdf', language: 'ja' });
    assert.ok(text(path.join(exportFolder, second.value.fileName)).includes('再発行'));
    // Only the kiosk window remains: the document window was destroyed.
    assert.equal(app.windows().length, 1);
  });

  it('a quote of the demo appraisal says it is not a contract', async () => {
    const appraised = (await call('reception:list', { status: ['appraised'] })).value.rows[0];
    const quote = await call('document:issue', { kind: 'quote', receptionId: appraised.id, output: 'pdf', language: 'ja' });
    assert.equal(quote.value.outcome, 'saved', JSON.stringify(quote));
    assert.ok(text(path.join(exportFolder, quote.value.fileName)).includes('本書は見積書であり、買取契約書ではありません。'));
  });
});
