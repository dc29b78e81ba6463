import { createListenerMiddleware } from '@reduxjs/toolkit';
import { kioskApi } from '../../kiosk-api.ts';
import { bankTransferApi } from '../bank-transfer/bank-transfer-api.ts';
import { selectDraft, type SettlementWizardState, wizardClosed } from './wizard-slice.ts';

type State = { settlementWizard: SettlementWizardState };

/**
 * B-06: the wizard's state goes to the main process as it changes — the draft (on disk, no personal data) and the
 * identity record and bank account (in memory only) — so a reload, a crash or an auto-lock resumes where the clerk was. Calls are
 * chained, so a late save never lands after the clerk closed the wizard and its draft was discarded.
 */
export const wizardListener = createListenerMiddleware();
const listen = wizardListener.startListening.withTypes<State>();

let chain: Promise<unknown> = Promise.resolve();
function inOrder(call: () => Promise<unknown>): void {
  chain = chain.then(call, call);
}

const draftJson = (state: State) => JSON.stringify(selectDraft(state.settlementWizard));

listen({
  predicate: (_action, current, previous) => selectDraft(current.settlementWizard) !== null && draftJson(current) !== draftJson(previous),
  effect: async (_action, api) => {
    api.cancelActiveListeners();
    await api.delay(250);
    const state = api.getState().settlementWizard;
    const draft = selectDraft(state);
    if (!draft || !state.receptionId) return;
    const receptionId = state.receptionId;
    inOrder(() => api.dispatch(kioskApi.endpoints.saveDraft.initiate({ receptionId, draft })));
  },
});

listen({
  predicate: (_action, current, previous) =>
    current.settlementWizard.open && current.settlementWizard.identity !== previous.settlementWizard.identity,
  effect: async (_action, api) => {
    api.cancelActiveListeners();
    await api.delay(300);
    const { receptionId, identity, open } = api.getState().settlementWizard;
    if (!open || !receptionId) return;
    inOrder(() => api.dispatch(kioskApi.endpoints.stageIdentity.initiate({ receptionId, record: identity })));
  },
});

// M-08: the bank account typed so far, like the identity record: in the main process's memory only.
listen({
  predicate: (_action, current, previous) =>
    current.settlementWizard.open && current.settlementWizard.bankAccount !== previous.settlementWizard.bankAccount,
  effect: async (_action, api) => {
    api.cancelActiveListeners();
    await api.delay(300);
    const { receptionId, bankAccount, open } = api.getState().settlementWizard;
    if (!open || !receptionId) return;
    inOrder(() => api.dispatch(bankTransferApi.endpoints.stageBankAccount.initiate({ receptionId, account: bankAccount })));
  },
});

listen({
  actionCreator: wizardClosed,
  effect: (_action, api) => {
    const { receptionId } = api.getOriginalState().settlementWizard;
    if (!receptionId) return;
    api.cancelActiveListeners();
    inOrder(() => api.dispatch(kioskApi.endpoints.discardDraft.initiate({ receptionId })));
  },
});
