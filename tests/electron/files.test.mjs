// Issue 12 "Downloads in the Electron kiosk" and issue 11 §5 printing, in the real shell: with IT's export folder
// (--export-folder) the appraisal CSV and the page as PDF are written by the main process; nothing is downloaded by
// the page (Electron cancels that).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { kioskProfile, launchWithExportFolder } from './support.mjs';

const profile = kioskProfile('kiosk-files-');
let app;
let exportFolder;
let call;

before(async () => {
  ({ app, exportFolder, call } = await launchWithExportFolder(profile, { code: '9001', pin: '9999' }, { electron, assert }));
});

after(async () => {
  await app?.evaluate(({ app: electronApp }) => electronApp.exit(0)).catch(() => {});
  await app?.close().catch(() => {});
  rmSync(profile.dataHome, { recursive: true, force: true });
});

describe('S-20 B-02 files written by the main process', () => {
  it('the appraisal CSV lands in the export folder, byte for byte what settlement:csv makes', async () => {
    const list = await call('reception:list', { status: ['appraised'] });
    const reception = list.value.rows[0];
    const saved = await call('file:save', { kind: 'settlementCsv', receptionId: reception.id });
    assert.equal(saved.value.outcome, 'saved', JSON.stringify(saved));
    const expected = await call('settlement:csv', { receptionId: reception.id });
    assert.equal(readFileSync(path.join(exportFolder, saved.value.fileName), 'utf8'), expected.value.content);
  });

  it('the page saved as PDF is a PDF in the export folder', async () => {
    const saved = await call('app:printPage', { as: 'pdf', fileName: 'kobutsu-ledger-test' });
    assert.equal(saved.value.outcome, 'saved', JSON.stringify(saved));
    assert.equal(readFileSync(path.join(exportFolder, 'kobutsu-ledger-test.pdf')).subarray(0, 5).toString('latin1'), '%PDF-');
    assert.deepEqual(readdirSync(exportFolder).filter((name) => name.endsWith('.part')), []);
  });
});
