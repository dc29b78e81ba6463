import { describe, expect, it } from 'vitest';
import {
  agreementSet,
  canGoNext,
  customerAnswered,
  customerPlacementChosen,
  evidenceDropped,
  evidenceStaged,
  initialWizardState,
  itemCancelToggled,
  receptionLoaded,
  type SettlementWizardState,
  selectDraft,
  selectSummary,
  settlementFinished,
  stepBack,
  stepNext,
  termsVersionChanged,
  verificationChanged,
  wizardClosed,
  wizardResumed,
  wizardSlice,
  wizardStarted,
} from '../../renderer/features/settlement/wizard-slice.ts';
import type { SettlementDraft } from '../../preload/types.ts';

const reduce = (state: SettlementWizardState, ...actions: Parameters<typeof wizardSlice.reducer>[1][]) =>
  actions.reduce((s, a) => wizardSlice.reducer(s, a), state);
const R = '7b0d8a52-3c2e-4b7e-9d39-2f1c6a0e5b11';
const ITEM = '1f6c0a57-8e4b-4c1d-a2f3-5b6c7d8e9f00';
const loaded = reduce(initialWizardState, receptionLoaded({ receptionId: R }));
const started = (terms: number | null) => reduce(loaded, wizardStarted({ settlementId: 'a3c4e5f6-0000-4000-8000-000000000001', termsVersion: terms }));
const identity = {
  method: 'id_document' as const,
  documentType: 'drivers_licence' as const,
  documentNumberLast4: '1234',
  seller: { name: '𠮷野 はるか', address: '東京都渋谷区神宮前1-1-1', occupation: '会社員', birthDate: '1990-05-20' },
  guardian: null,
  invoice: { registered: false, tNumber: '' },
};
const draft = (overrides: Partial<SettlementDraft> = {}): SettlementDraft => ({
  settlementId: 'a3c4e5f6-0000-4000-8000-000000000001',
  step: 'verification',
  agreedTermsVersion: 2,
  cancelledItemIds: [ITEM],
  ecPublishItemIds: [],
  paymentMethod: 'cash',
  printMethod: 'receipt',
  points: null,
  photoTaken: true,
  signed: true,
  ...overrides,
});

describe('S-09 B-06 the settlement wizard state: transitions', () => {
  it.each([
    ['terms set: starts at agreement, Next waits for agreement', 3, [], 'agreement', false],
    ['no terms: starts at verification', null, [], 'verification', false],
    ['agreed to the shown version: Next goes on', 3, [agreementSet(true)], 'agreement', true],
    ['agreed, then Next: verification, waiting for a complete record', 3, [agreementSet(true), stepNext()], 'verification', false],
    ['Next without agreement stays', 3, [stepNext()], 'agreement', false],
    ['a complete record opens execute', null, [verificationChanged({ record: identity, complete: true, missing: [] }), stepNext()], 'execute', false],
    ['Back from verification returns to agreement', 3, [agreementSet(true), stepNext(), stepBack()], 'agreement', true],
  ] as const)('%s', (_name, terms, actions, step, next) => {
    const state = reduce(started(terms), ...actions);
    expect(state.step).toBe(step);
    expect(canGoNext(state)).toBe(next);
  });

  it.each([
    ['same version as agreed: resumes at its step, still agreed', 2, 'verification', 2, false],
    ['terms changed since: back to agreement, unticked, flagged', 3, 'agreement', null, true],
    ['terms removed since: no agreement needed', null, 'verification', null, false],
  ] as const)('resume: %s', (_name, current, step, agreed, changed) => {
    const state = reduce(loaded, wizardResumed({ draft: draft(), stagedImages: ['id_photo'], identity, termsVersion: current }));
    expect([state.step, state.agreedTermsVersion, state.termsChanged]).toEqual([step, agreed, changed]);
  });

  it('resume: a draft never agreed goes to agreement; a lost identity record sends execute back to verification', () => {
    expect(reduce(loaded, wizardResumed({ draft: draft({ agreedTermsVersion: null }), stagedImages: [], identity, termsVersion: 2 })).step).toBe('agreement');
    const restarted = reduce(loaded, wizardResumed({ draft: draft({ step: 'execute' }), stagedImages: [], identity: null, termsVersion: 2 }));
    expect(restarted.step).toBe('verification');
    expect(restarted.evidence).toEqual({ id_photo: 'lost', signature: 'lost' });
  });

  it('terms changing while the wizard is open (execute refused) shows the agreement again', () => {
    const atExecute = reduce(started(2), agreementSet(true), stepNext(), verificationChanged({ record: identity, complete: true, missing: [] }), stepNext());
    expect(atExecute.step).toBe('execute');
    const changed = reduce(atExecute, termsVersionChanged(3));
    expect([changed.step, changed.agreedTermsVersion, changed.termsChanged]).toEqual(['agreement', null, true]);
    const agreedAgain = reduce(changed, agreementSet(true));
    expect([agreedAgain.agreedTermsVersion, agreedAgain.termsChanged]).toEqual([3, false]);
  });

  it('the summary and the draft reflect what will be stored: a kept photo counts, a lost one does not', () => {
    const kept = reduce(loaded, wizardResumed({ draft: draft(), stagedImages: ['id_photo'], identity, termsVersion: 2 }));
    expect(selectSummary(kept, 3)).toEqual({ items: 2, cancelled: 1, idPhoto: true, signature: false });
    expect(selectDraft(kept)).toMatchObject({ agreedTermsVersion: 2, photoTaken: true, signed: true, step: 'verification' });
    const retaken = reduce(kept, evidenceStaged('signature'), evidenceDropped('id_photo'), itemCancelToggled(ITEM));
    expect(selectSummary(retaken, 3)).toEqual({ items: 3, cancelled: 0, idPhoto: false, signature: true });
    expect(selectDraft(retaken)).toMatchObject({ photoTaken: false, signed: true, cancelledItemIds: [] });
  });

  it('the draft never carries the identity record, and there is none once the wizard is closed', () => {
    const typed = reduce(started(null), verificationChanged({ record: identity, complete: true, missing: [] }));
    expect(JSON.stringify(selectDraft(typed))).not.toContain('会社員');
    const closed = reduce(typed, wizardClosed());
    expect(selectDraft(closed)).toBeNull();
    expect(closed.identity).toBeNull();
    expect(closed.receptionId).toBe(R);
  });
});

describe('V-02 the customer answers on their own screen', () => {
  it.each([
    // terms in force, the customer's agreed version, signed there → wizard's agreed version, signature evidence
    [3, 3, true, 3, 'staged'],
    [3, null, false, null, 'none'],
    // An agreement to another version than the one in force is no agreement (S-09).
    [3, 2, false, null, 'none'],
    [null, null, true, null, 'staged'],
  ] as const)('terms v%s, agreed on their screen to v%s, signed %s → agreed v%s, signature %s', (terms, agreed, signed, agreedTermsVersion, signature) => {
    const state = reduce(started(terms), customerAnswered({ agreedVersion: agreed, signed }));
    expect(state.agreedTermsVersion).toBe(agreedTermsVersion);
    expect(state.evidence.signature).toBe(signature);
  });

  it('V-02 the agreement on the customer screen opens the way on, and its withdrawal closes it again', () => {
    let state = started(3);
    expect(canGoNext(state)).toBe(false);
    state = reduce(state, customerAnswered({ agreedVersion: 3, signed: false }));
    expect(canGoNext(state)).toBe(true);
    state = reduce(state, customerAnswered({ agreedVersion: null, signed: false }));
    expect(canGoNext(state)).toBe(false);
  });

  it('S-09 V-02 new terms saved after the customer agreed: back to agreement, and only the new version counts', () => {
    let state = reduce(started(3), customerAnswered({ agreedVersion: 3, signed: false }), stepNext());
    expect(state.step).toBe('verification');
    state = reduce(state, termsVersionChanged(4), customerAnswered({ agreedVersion: 3, signed: false }));
    expect(state).toMatchObject({ step: 'agreement', agreedTermsVersion: null, termsChanged: true });
    state = reduce(state, customerAnswered({ agreedVersion: 4, signed: false }));
    expect(state).toMatchObject({ agreedTermsVersion: 4, termsChanged: false });
  });

  it('a signature lost in an app restart stays lost until it is given again', () => {
    const resumed = reduce(loaded, wizardResumed({ draft: draft(), stagedImages: [], identity: null, termsVersion: 2 }));
    expect(resumed.evidence.signature).toBe('lost');
    expect(reduce(resumed, customerAnswered({ agreedVersion: 2, signed: false })).evidence.signature).toBe('lost');
    expect(reduce(resumed, customerAnswered({ agreedVersion: 2, signed: true })).evidence.signature).toBe('staged');
  });

  it('the placement chosen for one transaction does not carry over to the next', () => {
    const chosen = reduce(started(3), customerPlacementChosen('clerk'));
    expect(chosen.customerPlacement).toBe('clerk');
    expect(reduce(chosen, settlementFinished(), receptionLoaded({ receptionId: ITEM }), wizardStarted({ settlementId: R, termsVersion: 3 })).customerPlacement).toBeNull();
  });
});
