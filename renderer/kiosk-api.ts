import { type BaseQueryFn, createApi } from '@reduxjs/toolkit/query/react';
import type { Channel, RequestOf, ResponseOf } from '../preload/contract.ts';
import type { KioskErrorInfo } from '../preload/types.ts';
import { call } from './api.ts';

interface KioskQuery {
  channel: Channel;
  request: unknown;
}

const kioskBaseQuery: BaseQueryFn<KioskQuery, unknown, KioskErrorInfo> = async ({ channel, request }) => {
  const result = await call(channel, request as never);
  return result.ok ? { data: result.value } : { error: result.error };
};

const q = <C extends Channel>(channel: C) => (request: RequestOf<C>): KioskQuery => ({ channel, request });

/** Every call to the main process, as RTK Query endpoints (STYLE.md 8). Tags keep screens fresh after changes. */
export const kioskApi = createApi({
  reducerPath: 'kioskApi',
  baseQuery: kioskBaseQuery,
  tagTypes: ['Till', 'Session', 'Reception', 'Customer', 'Stock', 'Printer', 'PrintJobs', 'Settings', 'Staff', 'Audit', 'VaultKeys', 'SyncSetAside'],
  endpoints: (build) => ({
    appInfo: build.query<ResponseOf<'app:info'>, RequestOf<'app:info'>>({ query: q('app:info') }),
    quitApp: build.mutation<ResponseOf<'app:quit'>, RequestOf<'app:quit'>>({ query: q('app:quit') }),
    session: build.query<ResponseOf<'session:state'>, RequestOf<'session:state'>>({ query: q('session:state'), providesTags: ['Session'] }),
    terminalSignIn: build.mutation<ResponseOf<'session:terminalSignIn'>, RequestOf<'session:terminalSignIn'>>({
      query: q('session:terminalSignIn'),
      invalidatesTags: ['Session'],
    }),
    terminalSignOut: build.mutation<ResponseOf<'session:terminalSignOut'>, RequestOf<'session:terminalSignOut'>>({
      query: q('session:terminalSignOut'),
      invalidatesTags: ['Session'],
    }),
    staffSignIn: build.mutation<ResponseOf<'session:staffSignIn'>, RequestOf<'session:staffSignIn'>>({
      query: q('session:staffSignIn'),
      invalidatesTags: ['Session', 'Reception', 'Customer', 'Stock'],
    }),
    reportActivity: build.mutation<ResponseOf<'session:activity'>, RequestOf<'session:activity'>>({ query: q('session:activity') }),
    staffSignOut: build.mutation<ResponseOf<'session:staffSignOut'>, RequestOf<'session:staffSignOut'>>({
      query: q('session:staffSignOut'),
      invalidatesTags: ['Session'],
    }),

    // HQ sync: the status is also pushed by the `sync:status` event (features/sync/use-sync-status.ts).
    syncStatus: build.query<ResponseOf<'sync:status'>, RequestOf<'sync:status'>>({ query: q('sync:status') }),
    syncWake: build.mutation<ResponseOf<'sync:wake'>, RequestOf<'sync:wake'>>({ query: q('sync:wake') }),
    syncConnection: build.query<ResponseOf<'sync:connection'>, RequestOf<'sync:connection'>>({ query: q('sync:connection') }),
    syncProvision: build.mutation<ResponseOf<'sync:provision'>, RequestOf<'sync:provision'>>({ query: q('sync:provision') }),
    syncClear: build.mutation<ResponseOf<'sync:clear'>, RequestOf<'sync:clear'>>({ query: q('sync:clear') }),
    syncRetryDead: build.mutation<ResponseOf<'sync:retryDead'>, RequestOf<'sync:retryDead'>>({
      query: q('sync:retryDead'),
      invalidatesTags: ['SyncSetAside'],
    }),
    syncSetAside: build.query<ResponseOf<'sync:setAside'>, RequestOf<'sync:setAside'>>({
      query: q('sync:setAside'),
      providesTags: ['SyncSetAside'],
    }),

    searchCustomers: build.query<ResponseOf<'customer:search'>, RequestOf<'customer:search'>>({
      query: q('customer:search'),
      providesTags: ['Customer'],
    }),
    createCustomer: build.mutation<ResponseOf<'customer:create'>, RequestOf<'customer:create'>>({
      query: q('customer:create'),
      invalidatesTags: ['Customer'],
    }),
    // read again after a manager changes a category (they are part of the shop's settings).
    categories: build.query<ResponseOf<'category:list'>, RequestOf<'category:list'>>({ query: q('category:list'), providesTags: ['Settings'] }),

    createReception: build.mutation<ResponseOf<'reception:create'>, RequestOf<'reception:create'>>({
      query: q('reception:create'),
      invalidatesTags: ['Reception'],
    }),
    reception: build.query<ResponseOf<'reception:get'>, RequestOf<'reception:get'>>({
      query: q('reception:get'),
      providesTags: ['Reception'],
    }),
    listReceptions: build.query<ResponseOf<'reception:list'>, RequestOf<'reception:list'>>({
      query: q('reception:list'),
      providesTags: ['Reception'],
    }),
    deleteReception: build.mutation<ResponseOf<'reception:delete'>, RequestOf<'reception:delete'>>({
      query: q('reception:delete'),
      invalidatesTags: ['Reception'],
    }),
    findReception: build.mutation<ResponseOf<'reception:findByNumber'>, RequestOf<'reception:findByNumber'>>({
      query: q('reception:findByNumber'),
    }),

    addItem: build.mutation<ResponseOf<'appraisal:addItem'>, RequestOf<'appraisal:addItem'>>({
      query: q('appraisal:addItem'),
      invalidatesTags: ['Reception'],
    }),
    updateItem: build.mutation<ResponseOf<'appraisal:updateItem'>, RequestOf<'appraisal:updateItem'>>({
      query: q('appraisal:updateItem'),
      invalidatesTags: ['Reception'],
    }),
    removeItem: build.mutation<ResponseOf<'appraisal:removeItem'>, RequestOf<'appraisal:removeItem'>>({
      query: q('appraisal:removeItem'),
      invalidatesTags: ['Reception'],
    }),
    moveItem: build.mutation<ResponseOf<'appraisal:moveItem'>, RequestOf<'appraisal:moveItem'>>({
      query: q('appraisal:moveItem'),
      invalidatesTags: ['Reception'],
    }),
    setAdjustment: build.mutation<ResponseOf<'appraisal:setAdjustment'>, RequestOf<'appraisal:setAdjustment'>>({
      query: q('appraisal:setAdjustment'),
      invalidatesTags: ['Reception'],
    }),
    completeAppraisal: build.mutation<ResponseOf<'appraisal:complete'>, RequestOf<'appraisal:complete'>>({
      query: q('appraisal:complete'),
      invalidatesTags: ['Reception'],
    }),

    openSettlement: build.mutation<ResponseOf<'settlement:open'>, RequestOf<'settlement:open'>>({ query: q('settlement:open') }),
    settlementOptions: build.query<ResponseOf<'settlement:options'>, RequestOf<'settlement:options'>>({
      query: q('settlement:options'),
      providesTags: ['Printer', 'Settings'],
    }),
    executeSettlement: build.mutation<ResponseOf<'settlement:execute'>, RequestOf<'settlement:execute'>>({
      query: q('settlement:execute'),
      invalidatesTags: ['Reception', 'Stock', 'Customer', 'Till'],
    }),
    cancelSettlement: build.mutation<ResponseOf<'settlement:cancel'>, RequestOf<'settlement:cancel'>>({
      query: q('settlement:cancel'),
      invalidatesTags: ['Reception'],
    }),

    stageImage: build.mutation<ResponseOf<'settlement:stageImage'>, RequestOf<'settlement:stageImage'>>({
      query: q('settlement:stageImage'),
    }),
    dropImage: build.mutation<ResponseOf<'settlement:dropImage'>, RequestOf<'settlement:dropImage'>>({
      query: q('settlement:dropImage'),
    }),
    settledImage: build.query<ResponseOf<'settlement:image'>, RequestOf<'settlement:image'>>({
      query: q('settlement:image'),
      // An image whose key was missing opens once the key is imported.
      providesTags: ['VaultKeys'],
    }),
    itemsCsv: build.mutation<ResponseOf<'settlement:csv'>, RequestOf<'settlement:csv'>>({ query: q('settlement:csv') }),
    printLabels: build.mutation<ResponseOf<'printer:printLabels'>, RequestOf<'printer:printLabels'>>({
      query: q('printer:printLabels'),
      invalidatesTags: ['PrintJobs'],
    }),
    saveDraft: build.mutation<ResponseOf<'settlement:saveDraft'>, RequestOf<'settlement:saveDraft'>>({ query: q('settlement:saveDraft') }),
    draft: build.query<ResponseOf<'settlement:draft'>, RequestOf<'settlement:draft'>>({ query: q('settlement:draft'), keepUnusedDataFor: 0 }),
    stageIdentity: build.mutation<ResponseOf<'settlement:stageIdentity'>, RequestOf<'settlement:stageIdentity'>>({ query: q('settlement:stageIdentity') }),
    resumableSettlement: build.query<ResponseOf<'settlement:resumable'>, RequestOf<'settlement:resumable'>>({
      query: q('settlement:resumable'),
      providesTags: ['Session'],
      keepUnusedDataFor: 0,
    }),
    discardDraft: build.mutation<ResponseOf<'settlement:discardDraft'>, RequestOf<'settlement:discardDraft'>>({
      query: q('settlement:discardDraft'),
    }),
    buybackSettings: build.query<ResponseOf<'settings:buyback'>, RequestOf<'settings:buyback'>>({
      query: q('settings:buyback'),
      providesTags: ['Settings'],
    }),
    saveTerms: build.mutation<ResponseOf<'settings:saveTerms'>, RequestOf<'settings:saveTerms'>>({
      query: q('settings:saveTerms'),
      invalidatesTags: ['Settings'],
    }),
    savePaymentMethods: build.mutation<ResponseOf<'settings:savePaymentMethods'>, RequestOf<'settings:savePaymentMethods'>>({
      query: q('settings:savePaymentMethods'),
      invalidatesTags: ['Settings'],
    }),
    savePointRule: build.mutation<ResponseOf<'settings:savePointRule'>, RequestOf<'settings:savePointRule'>>({
      query: q('settings:savePointRule'),
      invalidatesTags: ['Settings'],
    }),
    saveSecurity: build.mutation<ResponseOf<'settings:saveSecurity'>, RequestOf<'settings:saveSecurity'>>({
      query: q('settings:saveSecurity'),
      invalidatesTags: ['Settings'],
    }),
    setStockEcPublished: build.mutation<ResponseOf<'stock:setEcPublished'>, RequestOf<'stock:setEcPublished'>>({
      query: q('stock:setEcPublished'),
      invalidatesTags: ['Stock'],
    }),
    staff: build.query<ResponseOf<'staff:list'>, RequestOf<'staff:list'>>({ query: q('staff:list'), providesTags: ['Staff'] }),
    addStaff: build.mutation<ResponseOf<'staff:add'>, RequestOf<'staff:add'>>({ query: q('staff:add'), invalidatesTags: ['Staff'] }),
    resetStaffPin: build.mutation<ResponseOf<'staff:resetPin'>, RequestOf<'staff:resetPin'>>({
      query: q('staff:resetPin'),
      invalidatesTags: ['Staff'],
    }),
    setStaffActive: build.mutation<ResponseOf<'staff:setActive'>, RequestOf<'staff:setActive'>>({
      query: q('staff:setActive'),
      invalidatesTags: ['Staff'],
    }),
    listStock: build.query<ResponseOf<'stock:list'>, RequestOf<'stock:list'>>({ query: q('stock:list'), providesTags: ['Stock'] }),

    // B-01 … B-03: the suspected-stolen flag and the 古物台帳. Settling or correcting refreshes the ledger.
    flagSuspectedStolen: build.mutation<ResponseOf<'reception:flagSuspectedStolen'>, RequestOf<'reception:flagSuspectedStolen'>>({
      query: q('reception:flagSuspectedStolen'),
      invalidatesTags: ['Reception'],
    }),
    ledger: build.query<ResponseOf<'ledger:list'>, RequestOf<'ledger:list'>>({ query: q('ledger:list'), providesTags: ['Reception'] }),
    ledgerPage: build.query<ResponseOf<'ledger:page'>, RequestOf<'ledger:page'>>({ query: q('ledger:page'), providesTags: ['Reception'] }),
    ledgerCsv: build.mutation<ResponseOf<'ledger:csv'>, RequestOf<'ledger:csv'>>({ query: q('ledger:csv') }),
    correctLedger: build.mutation<ResponseOf<'ledger:correct'>, RequestOf<'ledger:correct'>>({
      query: q('ledger:correct'),
      invalidatesTags: ['Reception'],
    }),

    printerSettings: build.query<ResponseOf<'printer:settings'>, RequestOf<'printer:settings'>>({
      query: q('printer:settings'),
      providesTags: ['Printer'],
    }),
    updatePrinterSettings: build.mutation<ResponseOf<'printer:updateSettings'>, RequestOf<'printer:updateSettings'>>({
      query: q('printer:updateSettings'),
      invalidatesTags: ['Printer'],
    }),
    testPrint: build.mutation<ResponseOf<'printer:testPrint'>, RequestOf<'printer:testPrint'>>({
      query: q('printer:testPrint'),
      invalidatesTags: ['PrintJobs'],
    }),
    printJobs: build.query<ResponseOf<'printer:jobs'>, RequestOf<'printer:jobs'>>({ query: q('printer:jobs'), providesTags: ['PrintJobs'] }),
    retryPrintJob: build.mutation<ResponseOf<'printer:retry'>, RequestOf<'printer:retry'>>({
      query: q('printer:retry'),
      invalidatesTags: ['PrintJobs'],
    }),
    printPreview: build.query<ResponseOf<'printer:preview'>, RequestOf<'printer:preview'>>({ query: q('printer:preview') }),
    usbPrinters: build.query<ResponseOf<'printer:usbDevices'>, RequestOf<'printer:usbDevices'>>({ query: q('printer:usbDevices') }),
    printSlip: build.mutation<ResponseOf<'printer:printSlip'>, RequestOf<'printer:printSlip'>>({
      query: q('printer:printSlip'),
      invalidatesTags: ['PrintJobs'],
    }),
    till: build.query<ResponseOf<'till:current'>, RequestOf<'till:current'>>({ query: q('till:current'), providesTags: ['Till'] }),
    openTill: build.mutation<ResponseOf<'till:open'>, RequestOf<'till:open'>>({
      query: q('till:open'),
      invalidatesTags: ['Till'],
    }),
    moveTillCash: build.mutation<ResponseOf<'till:move'>, RequestOf<'till:move'>>({
      query: q('till:move'),
      invalidatesTags: ['Till'],
    }),
    checkTill: build.mutation<ResponseOf<'till:check'>, RequestOf<'till:check'>>({ query: q('till:check'), invalidatesTags: ['Till'] }),
    closeTill: build.mutation<ResponseOf<'till:close'>, RequestOf<'till:close'>>({
      query: q('till:close'),
      invalidatesTags: ['Till'],
    }),
    fundTillShortfall: build.mutation<ResponseOf<'till:fundShortfall'>, RequestOf<'till:fundShortfall'>>({
      query: q('till:fundShortfall'),
      invalidatesTags: ['Till'],
    }),
    openDrawer: build.mutation<ResponseOf<'drawer:open'>, RequestOf<'drawer:open'>>({
      query: q('drawer:open'),
      invalidatesTags: ['PrintJobs'],
    }),
    reprintReceipt: build.mutation<ResponseOf<'printer:reprintReceipt'>, RequestOf<'printer:reprintReceipt'>>({
      query: q('printer:reprintReceipt'),
      invalidatesTags: ['PrintJobs'],
    }),
    printStockLabels: build.mutation<ResponseOf<'printer:printStockLabels'>, RequestOf<'printer:printStockLabels'>>({
      query: q('printer:printStockLabels'),
      invalidatesTags: ['PrintJobs'],
    }),

    // B-05: the audit chain's tamper alert and checks (features/integrity).
    auditStatus: build.query<ResponseOf<'audit:status'>, RequestOf<'audit:status'>>({ query: q('audit:status'), providesTags: ['Audit'] }),
    auditVerify: build.mutation<ResponseOf<'audit:verify'>, RequestOf<'audit:verify'>>({ query: q('audit:verify'), invalidatesTags: ['Audit'] }),
    auditAcknowledge: build.mutation<ResponseOf<'audit:acknowledge'>, RequestOf<'audit:acknowledge'>>({
      query: q('audit:acknowledge'),
      invalidatesTags: ['Audit'],
    }),
    // B-04: vault keys for a PC move (features/integrity/VaultKeys.tsx).
    vaultKeys: build.query<ResponseOf<'vault:keys'>, RequestOf<'vault:keys'>>({ query: q('vault:keys'), providesTags: ['VaultKeys'] }),
    exportVaultKeys: build.mutation<ResponseOf<'vault:exportKeys'>, RequestOf<'vault:exportKeys'>>({ query: q('vault:exportKeys') }),
    importVaultKeys: build.mutation<ResponseOf<'vault:importKeys'>, RequestOf<'vault:importKeys'>>({
      query: q('vault:importKeys'),
      invalidatesTags: ['VaultKeys', 'Reception', 'Audit'],
    }),
    // The desktop shell (issue 11): a downloaded update.
    updateStatus: build.query<ResponseOf<'app:update'>, RequestOf<'app:update'>>({ query: q('app:update') }),
    installUpdate: build.mutation<ResponseOf<'app:installUpdate'>, RequestOf<'app:installUpdate'>>({ query: q('app:installUpdate') }),
    // S-20, B-02: files and pages through the main process (renderer/components/save-file.ts).
    saveFile: build.mutation<ResponseOf<'file:save'>, RequestOf<'file:save'>>({ query: q('file:save') }),
    printPage: build.mutation<ResponseOf<'app:printPage'>, RequestOf<'app:printPage'>>({ query: q('app:printPage') }),

    // V-01, V-02: the customer's screen. Its status is also pushed (customerDisplay:changed, use-customer-display.ts).
    customerDisplayStatus: build.query<ResponseOf<'customerDisplay:status'>, RequestOf<'customerDisplay:status'>>({
      query: q('customerDisplay:status'),
    }),
    showOnCustomerDisplay: build.mutation<ResponseOf<'customerDisplay:show'>, RequestOf<'customerDisplay:show'>>({
      query: q('customerDisplay:show'),
    }),
    leaveCustomerDisplay: build.mutation<ResponseOf<'customerDisplay:leave'>, RequestOf<'customerDisplay:leave'>>({
      query: q('customerDisplay:leave'),
    }),
    askCustomer: build.mutation<ResponseOf<'customerDisplay:ask'>, RequestOf<'customerDisplay:ask'>>({ query: q('customerDisplay:ask') }),
    withdrawCustomerAsk: build.mutation<ResponseOf<'customerDisplay:withdraw'>, RequestOf<'customerDisplay:withdraw'>>({
      query: q('customerDisplay:withdraw'),
    }),
    saveCustomerDisplaySettings: build.mutation<ResponseOf<'settings:saveCustomerDisplay'>, RequestOf<'settings:saveCustomerDisplay'>>({
      query: q('settings:saveCustomerDisplay'),
    }),
    // Documents (issue 16): the statement and the quote; the shop's details they print.
    issueDocument: build.mutation<ResponseOf<'document:issue'>, RequestOf<'document:issue'>>({ query: q('document:issue') }),
    shopDetails: build.query<ResponseOf<'settings:shop'>, RequestOf<'settings:shop'>>({ query: q('settings:shop'), providesTags: ['Settings'] }),
    saveShopDetails: build.mutation<ResponseOf<'settings:saveShop'>, RequestOf<'settings:saveShop'>>({
      query: q('settings:saveShop'),
      invalidatesTags: ['Settings'],
    }),
    identityHistory: build.query<ResponseOf<'identity:history'>, RequestOf<'identity:history'>>({
      query: q('identity:history'),
      providesTags: ['Reception'],
    }),
    // M-07: the 現金管理 screen (features/till/CashManagement.tsx) and the approval limit setting.
    tillHistory: build.query<ResponseOf<'till:history'>, RequestOf<'till:history'>>({ query: q('till:history'), providesTags: ['Till', 'Session'] }),
    tillSession: build.query<ResponseOf<'till:session'>, RequestOf<'till:session'>>({ query: q('till:session'), providesTags: ['Till'] }),
    reprintTillReport: build.mutation<ResponseOf<'till:reprintReport'>, RequestOf<'till:reprintReport'>>({
      query: q('till:reprintReport'),
      invalidatesTags: ['PrintJobs'],
    }),
    tillSettings: build.query<ResponseOf<'till:settings'>, RequestOf<'till:settings'>>({ query: q('till:settings'), providesTags: ['Settings'] }),
    saveTillSettings: build.mutation<ResponseOf<'till:saveSettings'>, RequestOf<'till:saveSettings'>>({
      query: q('till:saveSettings'),
      invalidatesTags: ['Settings'],
    }),
    // A-01 catalog (features/appraisal): asked at each scan or search, never cached — a settlement teaches it.
    lookupCatalog: build.mutation<ResponseOf<'catalog:lookup'>, RequestOf<'catalog:lookup'>>({ query: q('catalog:lookup') }),
    searchCatalog: build.mutation<ResponseOf<'catalog:search'>, RequestOf<'catalog:search'>>({ query: q('catalog:search') }),
    // read again whenever the item form asks (a settlement elsewhere may have added a price).
    priceHint: build.query<ResponseOf<'priceHint:get'>, RequestOf<'priceHint:get'>>({ query: q('priceHint:get'), keepUnusedDataFor: 0 }),
    // today's metal prices, read again by every form that shows them (a manager may change them any time).
    metalPrices: build.query<ResponseOf<'metalPrice:today'>, RequestOf<'metalPrice:today'>>({ query: q('metalPrice:today'), keepUnusedDataFor: 0 }),
    setMetalPrice: build.mutation<ResponseOf<'metalPrice:set'>, RequestOf<'metalPrice:set'>>({ query: q('metalPrice:set') }),
    setMetalRounding: build.mutation<ResponseOf<'metalPrice:setRounding'>, RequestOf<'metalPrice:setRounding'>>({ query: q('metalPrice:setRounding') }),
    // the master-data version on the sync screen.
    masterDataStatus: build.query<ResponseOf<'masterData:status'>, RequestOf<'masterData:status'>>({ query: q('masterData:status'), keepUnusedDataFor: 0 }),
    // what HQ sets here; read again with the settings (a save HQ refused invalidates them).
    masterDataHqOwned: build.query<ResponseOf<'masterData:hqOwned'>, RequestOf<'masterData:hqOwned'>>({
      query: q('masterData:hqOwned'),
      providesTags: ['Settings'],
      keepUnusedDataFor: 0,
    }),
    addCategory: build.mutation<ResponseOf<'category:add'>, RequestOf<'category:add'>>({ query: q('category:add'), invalidatesTags: ['Settings'] }),
    updateCategory: build.mutation<ResponseOf<'category:update'>, RequestOf<'category:update'>>({ query: q('category:update'), invalidatesTags: ['Settings'] }),
    removeCategory: build.mutation<ResponseOf<'category:remove'>, RequestOf<'category:remove'>>({ query: q('category:remove'), invalidatesTags: ['Settings'] }),
    unlockStaff: build.mutation<ResponseOf<'staff:unlock'>, RequestOf<'staff:unlock'>>({ query: q('staff:unlock'), invalidatesTags: ['Staff'] }),
    storeFeedStatus: build.query<ResponseOf<'storeFeed:status'>, RequestOf<'storeFeed:status'>>({ query: q('storeFeed:status'), keepUnusedDataFor: 0 }),
  }),
});

export const {
  useAppInfoQuery,
  useQuitAppMutation,
  useSessionQuery,
  useTerminalSignInMutation,
  useTerminalSignOutMutation,
  useStaffSignInMutation,
  useStaffSignOutMutation,
  useReportActivityMutation,
  useSyncStatusQuery,
  useSyncWakeMutation,
  useSyncConnectionQuery,
  useSyncProvisionMutation,
  useSyncClearMutation,
  useSyncRetryDeadMutation,
  useSyncSetAsideQuery,
  useSearchCustomersQuery,
  useLazySearchCustomersQuery,
  useCreateCustomerMutation,
  useCategoriesQuery,
  useCreateReceptionMutation,
  useReceptionQuery,
  useListReceptionsQuery,
  useDeleteReceptionMutation,
  useFindReceptionMutation,
  useAddItemMutation,
  useUpdateItemMutation,
  useRemoveItemMutation,
  useMoveItemMutation,
  useSetAdjustmentMutation,
  useCompleteAppraisalMutation,
  useOpenSettlementMutation,
  useSettlementOptionsQuery,
  useExecuteSettlementMutation,
  useCancelSettlementMutation,
  useListStockQuery,
  useStaffQuery,
  useAddStaffMutation,
  useResetStaffPinMutation,
  useSetStaffActiveMutation,
  useSetStockEcPublishedMutation,
  useFlagSuspectedStolenMutation,
  useLedgerQuery,
  useLedgerPageQuery,
  useLedgerCsvMutation,
  useCorrectLedgerMutation,
  useBuybackSettingsQuery,
  useSaveTermsMutation,
  useSavePaymentMethodsMutation,
  useSavePointRuleMutation,
  useSaveSecurityMutation,
  useSaveDraftMutation,
  useDraftQuery,
  useDiscardDraftMutation,
  useStageIdentityMutation,
  useResumableSettlementQuery,
  useStageImageMutation,
  useDropImageMutation,
  useSettledImageQuery,
  useAuditStatusQuery,
  useAuditVerifyMutation,
  useAuditAcknowledgeMutation,
  useVaultKeysQuery,
  useExportVaultKeysMutation,
  useImportVaultKeysMutation,
  useItemsCsvMutation,
  usePrintLabelsMutation,
  usePrinterSettingsQuery,
  useUpdatePrinterSettingsMutation,
  useTestPrintMutation,
  usePrintJobsQuery,
  useRetryPrintJobMutation,
  usePrintPreviewQuery,
  useUsbPrintersQuery,
  usePrintSlipMutation,
  useReprintReceiptMutation,
  useOpenDrawerMutation,
  useTillQuery,
  useOpenTillMutation,
  useCloseTillMutation,
  useFundTillShortfallMutation,
  useCheckTillMutation,
  useMoveTillCashMutation,
  usePrintStockLabelsMutation,
  useUpdateStatusQuery,
  useInstallUpdateMutation,
  useSaveFileMutation,
  usePrintPageMutation,
  useCustomerDisplayStatusQuery,
  useShowOnCustomerDisplayMutation,
  useLeaveCustomerDisplayMutation,
  useAskCustomerMutation,
  useWithdrawCustomerAskMutation,
  useSaveCustomerDisplaySettingsMutation,
  useIssueDocumentMutation,
  useShopDetailsQuery,
  useSaveShopDetailsMutation,
  useIdentityHistoryQuery,
  useTillHistoryQuery,
  useTillSessionQuery,
  useReprintTillReportMutation,
  useTillSettingsQuery,
  useSaveTillSettingsMutation,
  useLookupCatalogMutation,
  useSearchCatalogMutation,
  usePriceHintQuery,
  useMetalPricesQuery,
  useSetMetalPriceMutation,
  useSetMetalRoundingMutation,
  useMasterDataStatusQuery,
  useMasterDataHqOwnedQuery,
  useAddCategoryMutation,
  useUpdateCategoryMutation,
  useRemoveCategoryMutation,
  useUnlockStaffMutation,
  useStoreFeedStatusQuery,
} = kioskApi;
