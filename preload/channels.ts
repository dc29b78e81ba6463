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
  'sync:setAside',
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
  'ledger:page',
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
  'drawer:open',
  'till:current',
  'till:open',
  'till:close',
  'till:fundShortfall',
  'till:move',
  'till:check',
  'app:reportScreen',
  'app:update',
  'app:installUpdate',
  'file:save',
  'app:printPage',
  'audit:status',
  'audit:verify',
  'audit:acknowledge',
  'vault:keys',
  'vault:exportKeys',
  'vault:importKeys',
  'session:activity',
  'settlement:stageIdentity',
  'settlement:resumable',
  'customerDisplay:status',
  'customerDisplay:show',
  'customerDisplay:leave',
  'customerDisplay:ask',
  'customerDisplay:withdraw',
  'settings:saveCustomerDisplay',
  'customer:view',
  'customer:agree',
  'customer:sign',
  'document:issue',
  'settings:shop',
  'settings:saveShop',
  'identity:history',
  'till:history',
  'till:session',
  'till:reprintReport',
  'till:settings',
  'till:saveSettings',
  'reception:claim',
  'reception:releaseClaim',
  'settlement:stageBankAccount',
  'bankTransfer:lastAccount',
  'bankTransfer:pending',
  'bankTransfer:markPaid',
  'bankTransfer:remitter',
  'bankTransfer:saveRemitter',
  'catalog:lookup',
  'catalog:search',
  'priceHint:get',
  'metalPrice:today',
  'metalPrice:set',
  'metalPrice:setRounding',
  'masterData:status',
  'masterData:hqOwned',
  'category:add',
  'category:update',
  'category:remove',
  'staff:unlock',
  'storeFeed:status',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAMES = ['session:changed', 'print:job', 'sync:status', 'customer:view', 'customerDisplay:changed'] as const;

export type EventNameListed = (typeof EVENT_NAMES)[number];

/**
 * V-01/V-03: the channels and events of the customer window, the only ones its preload (preload/customer.ts)
 * exposes; the clerk's preload exposes all the others. contract.ts checks at compile time that these lists are
 * exactly what the contract declares for `window: 'customer'`.
 */
export const CUSTOMER_CHANNEL_NAMES = ['customer:view', 'customer:agree', 'customer:sign'] as const satisfies readonly ChannelName[];
export const CUSTOMER_EVENT_NAMES = ['customer:view'] as const satisfies readonly EventNameListed[];

export type CustomerChannelListed = (typeof CUSTOMER_CHANNEL_NAMES)[number];
export type CustomerEventListed = (typeof CUSTOMER_EVENT_NAMES)[number];

const customerChannels: readonly string[] = CUSTOMER_CHANNEL_NAMES;
const customerEvents: readonly string[] = CUSTOMER_EVENT_NAMES;
export const CLERK_CHANNEL_NAMES: readonly ChannelName[] = CHANNEL_NAMES.filter((name) => !customerChannels.includes(name));
export const CLERK_EVENT_NAMES: readonly EventNameListed[] = EVENT_NAMES.filter((name) => !customerEvents.includes(name));

/** The one ipcRenderer channel the main process pushes every event on, as (name, payload). */
export const EVENT_CHANNEL = 'kiosk:event';
