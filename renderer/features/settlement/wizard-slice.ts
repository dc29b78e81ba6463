import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { VerificationInput } from '../../../common/compliance.ts';
import type { CustomerPlacement, SettlementDraft } from '../../../preload/types.ts';

export type WizardStep = 'agreement' | 'verification' | 'execute';
export type EvidenceKind = 'id_photo' | 'signature';
/** `lost`: taken before an app restart, which the main process's memory did not survive; it must be taken again. */
export type EvidenceState = 'none' | 'staged' | 'lost';

/** One thing the verification step still needs, as an i18n key with its values (the footer lists them). */
export interface MissingEntry {
  key: string;
  params?: Record<string, number | string>;
}

/**
 * The settlement in progress at the counter (S-06, S-09 … S-18, B-06): everything the settlement screen and its
 * wizard decide, in one plain, serialisable state with a pure reducer. The draft the main process keeps is derived
 * from it (selectDraft), so resume, agreed terms version and the execute summary cannot drift apart. The customer
 * display (a later issue) can mirror this same state.
 */
export interface SettlementWizardState {
  /** The transaction on the settlement screen; null when none is. */
  receptionId: string | null;
  /** The wizard is on screen. */
  open: boolean;
  /** Kept across a crash, so an execute retried after it settles once. */
  settlementId: string | null;
  /** The active terms version; null when the shop has none (the agreement step is skipped). */
  termsVersion: number | null;
  /** The version the customer agreed to; cleared whenever it is not the active one any more. */
  agreedTermsVersion: number | null;
  /** The terms changed after the customer agreed: the agreement step is shown again with the new text. */
  termsChanged: boolean;
  step: WizardStep;
  cancelledItemIds: string[];
  ecPublishItemIds: string[];
  evidence: Record<EvidenceKind, EvidenceState>;
  /** B-01: the identity record as typed; held by the main process in memory only, never in the draft. */
  identity: VerificationInput | null;
  verificationComplete: boolean;
  missing: MissingEntry[];
  paymentMethod: string;
  printMethod: 'receipt' | 'none';
  /** Points typed by hand; null keeps the point rule's default. */
  points: number | null;
  /** V-02: where the terms and signature happen for this transaction; null follows the shop's setting. */
  customerPlacement: CustomerPlacement | null;
  /** I-01: regions blacked out on the ID photo held for execute; null when none is held. */
  idPhotoMasks: number | null;
}

export const initialWizardState: SettlementWizardState = {
  receptionId: null,
  open: false,
  settlementId: null,
  termsVersion: null,
  agreedTermsVersion: null,
  termsChanged: false,
  step: 'verification',
  cancelledItemIds: [],
  ecPublishItemIds: [],
  evidence: { id_photo: 'none', signature: 'none' },
  identity: null,
  verificationComplete: false,
  missing: [],
  paymentMethod: 'cash',
  printMethod: 'none',
  points: null,
  customerPlacement: null,
  idPhotoMasks: null,
};

export function stepsFor(termsVersion: number | null): WizardStep[] {
  return termsVersion === null ? ['verification', 'execute'] : ['agreement', 'verification', 'execute'];
}

const toggle = (list: string[], id: string): string[] => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

/** S-09: never past the agreement step without agreement to the version shown now. */
function holdAtAgreement(state: SettlementWizardState): void {
  if (state.termsVersion === null) {
    state.agreedTermsVersion = null;
    state.termsChanged = false;
    if (state.step === 'agreement') state.step = 'verification';
    return;
  }
  if (state.agreedTermsVersion !== null && state.agreedTermsVersion !== state.termsVersion) {
    state.agreedTermsVersion = null;
    state.termsChanged = true;
  }
  if (state.agreedTermsVersion === null) state.step = 'agreement';
}

export const wizardSlice = createSlice({
  name: 'settlementWizard',
  initialState: initialWizardState,
  reducers: {
    /** S-04: a transaction is loaded on the settlement screen; anything of another one is forgotten. */
    receptionLoaded(state, action: PayloadAction<{ receptionId: string }>) {
      if (state.receptionId === action.payload.receptionId) return state;
      return { ...initialWizardState, receptionId: action.payload.receptionId };
    },
    /** S-06 on the settlement screen, before the wizard. */
    ecPublishToggled(state, action: PayloadAction<string>) {
      state.ecPublishItemIds = toggle(state.ecPublishItemIds, action.payload);
    },
    /** S-08: the clerk confirms; the wizard starts at its first step. */
    wizardStarted(state, action: PayloadAction<{ settlementId: string; termsVersion: number | null }>) {
      Object.assign(state, {
        ...initialWizardState,
        receptionId: state.receptionId,
        ecPublishItemIds: state.ecPublishItemIds,
        open: true,
        settlementId: action.payload.settlementId,
        termsVersion: action.payload.termsVersion,
        step: stepsFor(action.payload.termsVersion)[0],
      });
    },
    /**
     * B-06: back into an interrupted wizard at its step, with what the main process still holds. An identity record
     * that was not kept (app restart) sends the wizard back to verification at most; terms changed meanwhile send it
     * back to agreement, unticked.
     */
    wizardResumed(
      state,
      action: PayloadAction<{
        draft: SettlementDraft;
        stagedImages: EvidenceKind[];
        identity: VerificationInput | null;
        termsVersion: number | null;
        /** I-01: the held ID photo's blacked-out regions, as the main process kept them. */
        idPhotoMasks?: number | null;
      }>,
    ) {
      const { draft, stagedImages, identity, termsVersion } = action.payload;
      const held = new Set(stagedImages);
      Object.assign(state, {
        ...initialWizardState,
        receptionId: state.receptionId,
        open: true,
        settlementId: draft.settlementId,
        termsVersion,
        agreedTermsVersion: draft.agreedTermsVersion,
        step: draft.step === 'execute' && identity === null ? 'verification' : draft.step,
        cancelledItemIds: draft.cancelledItemIds,
        ecPublishItemIds: draft.ecPublishItemIds,
        evidence: {
          id_photo: held.has('id_photo') ? 'staged' : draft.photoTaken ? 'lost' : 'none',
          signature: held.has('signature') ? 'staged' : draft.signed ? 'lost' : 'none',
        },
        identity,
        paymentMethod: draft.paymentMethod,
        printMethod: draft.printMethod,
        points: draft.points,
        idPhotoMasks: held.has('id_photo') ? (action.payload.idPhotoMasks ?? null) : null,
      });
      holdAtAgreement(state);
    },
    /** S-09: the active terms as the main process says now (options loaded, or execute refused a changed version). */
    termsVersionChanged(state, action: PayloadAction<number | null>) {
      state.termsVersion = action.payload;
      if (state.open) holdAtAgreement(state);
    },
    agreementSet(state, action: PayloadAction<boolean>) {
      state.agreedTermsVersion = action.payload ? state.termsVersion : null;
      if (action.payload) state.termsChanged = false;
    },
    /** S-12: partial cancel and restore. */
    itemCancelToggled(state, action: PayloadAction<string>) {
      state.cancelledItemIds = toggle(state.cancelledItemIds, action.payload);
    },
    evidenceStaged(state, action: PayloadAction<EvidenceKind>) {
      state.evidence[action.payload] = 'staged';
    },
    evidenceDropped(state, action: PayloadAction<EvidenceKind>) {
      state.evidence[action.payload] = 'none';
      if (action.payload === 'id_photo') state.idPhotoMasks = null;
    },
    /** I-01: the ID photo staged now had this many regions blacked out in the mask editor. */
    idPhotoMasked(state, action: PayloadAction<number>) {
      state.idPhotoMasks = action.payload;
    },
    verificationChanged(state, action: PayloadAction<{ record: VerificationInput | null; complete: boolean; missing: MissingEntry[] }>) {
      state.identity = action.payload.record;
      state.verificationComplete = action.payload.complete;
      state.missing = action.payload.missing;
    },
    stepNext(state) {
      if (!canGoNext(state)) return;
      const steps = stepsFor(state.termsVersion);
      state.step = steps[Math.min(steps.indexOf(state.step) + 1, steps.length - 1)]!;
    },
    stepBack(state) {
      const steps = stepsFor(state.termsVersion);
      state.step = steps[Math.max(steps.indexOf(state.step) - 1, 0)]!;
    },
    paymentMethodChosen(state, action: PayloadAction<string>) {
      state.paymentMethod = action.payload;
    },
    printMethodChosen(state, action: PayloadAction<'receipt' | 'none'>) {
      state.printMethod = action.payload;
    },
    pointsChanged(state, action: PayloadAction<number | null>) {
      state.points = action.payload;
    },
    /** V-02: the clerk chose, for this transaction, the customer's screen or their own for the terms and signature. */
    customerPlacementChosen(state, action: PayloadAction<CustomerPlacement>) {
      state.customerPlacement = action.payload;
    },
    /**
     * V-02: what the customer answered on their own screen, as the main process holds it: it is the wizard's
     * agreement (only to the version in force) and signature while the customer's screen does these steps.
     */
    customerAnswered(state, action: PayloadAction<{ agreedVersion: number | null; signed: boolean }>) {
      const { agreedVersion, signed } = action.payload;
      state.agreedTermsVersion = agreedVersion !== null && agreedVersion === state.termsVersion ? agreedVersion : null;
      if (state.agreedTermsVersion !== null) state.termsChanged = false;
      if (signed) state.evidence.signature = 'staged';
      else if (state.evidence.signature === 'staged') state.evidence.signature = 'none';
    },
    /** The clerk closed the wizard on purpose: the draft and what was held for it are given up. */
    wizardClosed(state) {
      Object.assign(state, { ...initialWizardState, receptionId: state.receptionId, ecPublishItemIds: state.ecPublishItemIds });
    },
    /** Settled or cancelled: nothing of this transaction stays at the counter. */
    settlementFinished() {
      return initialWizardState;
    },
  },
});

export const {
  receptionLoaded,
  ecPublishToggled,
  wizardStarted,
  wizardResumed,
  termsVersionChanged,
  agreementSet,
  itemCancelToggled,
  evidenceStaged,
  evidenceDropped,
  idPhotoMasked,
  verificationChanged,
  stepNext,
  stepBack,
  paymentMethodChosen,
  printMethodChosen,
  pointsChanged,
  wizardClosed,
  settlementFinished,
  customerPlacementChosen,
  customerAnswered,
} = wizardSlice.actions;

/** Whether 次へ may be pressed on the current step. */
export function canGoNext(state: SettlementWizardState): boolean {
  if (state.step === 'agreement') return state.termsVersion !== null && state.agreedTermsVersion === state.termsVersion;
  if (state.step === 'verification') return state.verificationComplete;
  return false;
}

/** S-16: what execute will store, as the summary says it (a kept ID photo is stored, a lost one is not). */
export function selectSummary(state: SettlementWizardState, itemCount: number) {
  return {
    items: itemCount - state.cancelledItemIds.length,
    cancelled: state.cancelledItemIds.length,
    idPhoto: state.evidence.id_photo === 'staged',
    signature: state.evidence.signature === 'staged',
  };
}

/** B-06: the draft the main process keeps for the open wizard; null when no wizard is open. */
export function selectDraft(state: SettlementWizardState): SettlementDraft | null {
  if (!state.open || !state.settlementId) return null;
  return {
    settlementId: state.settlementId,
    step: state.step,
    agreedTermsVersion: state.agreedTermsVersion,
    cancelledItemIds: state.cancelledItemIds,
    ecPublishItemIds: state.ecPublishItemIds,
    paymentMethod: state.paymentMethod,
    printMethod: state.printMethod,
    points: state.points,
    photoTaken: state.evidence.id_photo !== 'none',
    signed: state.evidence.signature !== 'none',
  };
}
