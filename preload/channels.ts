/**
 * The names the preload needs, and nothing else: a sandboxed preload may require only `electron`, `events`,
 * `timers` and `url` (Electron's docs/tutorial/sandbox.md), so it cannot import the contract with its zod schemas.
 * This module imports nothing. preload/contract.ts checks at compile time that CHANNEL_NAMES lists exactly its
 * channels and EVENT_NAMES exactly the events of KioskEvents: a channel added to the contract and not here (or the
 * other way round) is a type error naming it.
 */
export const CHANNEL_NAMES = [
  'app:info',
  'app:quit',
  'session:state',
  'session:terminalSignIn',
  'session:terminalSignOut',
  'session:staffSignIn',
  'session:staffSignOut',
  'sync:status',
  'sync:wake',
  'sync:connection',
  'sync:provision',
  'sync:clear',
  'sync:retryDead',
  'customer:search',
  'customer:get',
  'customer:create',
  'category:list',
  'reception:create',
  'reception:get',
  'reception:findByNumber',
  'reception:list',
  'reception:delete',
  'reception:flagSuspectedStolen',
  'appraisal:addItem',
  'appraisal:updateItem',
  'appraisal:removeItem',
  'appraisal:moveItem',
  'appraisal:setAdjustment',
  'appraisal:complete',
  'settlement:open',
  'settlement:options',
  'settlement:execute',
  'settlement:stageImage',
  'settlement:dropImage',
  'settlement:image',
  'settlement:csv',
  'printer:printLabels',
  'settlement:saveDraft',
  'settlement:draft',
  'settlement:discardDraft',
  'settlement:cancel',
  'stock:list',
  'stock:setEcPublished',
  'settings:terms',
  'settings:buyback',
  'staff:list',
  'staff:add',
  'staff:resetPin',
  'staff:setActive',
  'settings:saveTerms',
  'settings:savePaymentMethods',
  'settings:savePointRule',
  'settings:saveSecurity',
  'ledger:list',
  'ledger:csv',
  'ledger:correct',
  'printer:settings',
  'printer:updateSettings',
  'printer:testPrint',
  'printer:jobs',
  'printer:retry',
  'printer:preview',
  'printer:usbDevices',
  'printer:printSlip',
  'printer:reprintReceipt',
  'printer:printStockLabels',
  'app:reportScreen',
  'app:update',
  'app:installUpdate',
  'file:save',
  'app:printPage',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAMES = ['session:changed', 'print:job', 'sync:status'] as const;

export type EventNameListed = (typeof EVENT_NAMES)[number];

/** The one ipcRenderer channel the main process pushes every event on, as (name, payload). */
export const EVENT_CHANNEL = 'kiosk:event';
