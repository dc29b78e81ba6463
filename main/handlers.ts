import type { Reception, SessionState } from '../preload/types.ts';
import { KioskError } from './errors.ts';
import type { CoreConfig, Services } from './services/types.ts';
import type { CallContext, Handlers } from './dispatch.ts';
import { BuybackSettingsService, termsOwnedByHq } from './services/buyback-settings.ts';
import { CategoryService } from './services/categories.ts';
import { lookupScannedCode, searchCatalog } from './services/catalog.ts';
import { priceHint } from './services/price-hints.ts';
import { MetalPricesService } from './services/metal-prices.ts';
import { readMasterDataState } from './sync/master-data.ts';
import { readStoreFeedState } from './sync/store-feed.ts';
import { appendAudit } from './services/audit.ts';
import { requestQuit } from './shell/quit.ts';
import { buildShellHandlers } from './shell/shell-handlers.ts';
import { buildDocumentHandlers } from './documents-handlers.ts';
import { buildIdentityHandlers } from './identity-handlers.ts';
import { listCategories } from './services/customers.ts';
import type { ServiceDeps } from './services/deps.ts';
import { hqOwnedSettings, readSetting } from './services/settings.ts';
import { BUILT_IN_PAYMENT_METHODS, currentTerms } from './services/settlement.ts';
import { StaffService } from './services/staff.ts';
import { listStock, setStockEcPublished } from './services/stock.ts';
import { flagSuspectedStolen } from './services/suspected-stolen.ts';

/** Maps every contract channel to its service call; the Handlers type makes a missing channel a compile error. */
export function buildHandlers({
  config,
  services,
  deps,
  demo,
}: {
  config: CoreConfig;
  services: Services;
  deps: ServiceDeps;
  demo: boolean;
}): Handlers {
  const { accounts, customers, receptions, settlement, printLabels, drafts, printing, customerDisplay } = services;
  /** V-01: a change to the reception the customer's screen shows is pushed to it at once. */
  const shown = (reception: Reception): Reception => {
    customerDisplay.receptionChanged(reception.id);
    return reception;
  };
  const buybackSettings = new BuybackSettingsService(deps);
  const staff = new StaffService(deps);
  const metalPrices = new MetalPricesService(deps);
  const categories = new CategoryService(deps);
  const session = (context: CallContext): SessionState => {
    const state = accounts.state(context.clientId);
    deps.events.emit('session:changed', state);
    return state;
  };

  return {
    'app:info': () => ({
      version: config.version,
      host: config.host,
      demo,
      provisioned: (deps.db.prepare('SELECT COUNT(*) AS n FROM terminals').get() as { n: number }).n > 0,
      locale: readSetting(deps.db, 'locale'),
    }),

    'app:quit': (_, context) => {
      const by = context.actor;
      appendAudit(deps.db, deps.clock().toISOString(), deps.newId, {
        staffId: by.staff.id,
        terminalId: by.terminal.id,
        action: 'app.quit',
        entity: 'terminal',
        entityId: by.terminal.id,
      });
      return { quitting: requestQuit('manager') };
    },
    'session:state': (_, context) => accounts.state(context.clientId),
    'session:terminalSignIn': async (request, context) => {
      await accounts.signInTerminal(request.code, request.password);
      return session(context);
    },
    'session:terminalSignOut': async (_, context) => {
      await accounts.signOutTerminal(context.actor);
      return session(context);
    },
    'session:staffSignIn': (request, context) => {
      accounts.signInStaff(context.clientId, request.code, request.pin);
      return accounts.state(context.clientId);
    },
    'session:staffSignOut': (_, context) => {
      accounts.signOutStaff(context.clientId);
      // N-02: the screen's own release comes after the sign-out and would be refused.
      services.claims.releaseAbandoned();
      return accounts.state(context.clientId);
    },
    'session:activity': (_, context) => {
      accounts.reportActivity(context.clientId);
      return { recorded: true as const };
    },

    // HQ sync (D-06, D-08). The badge's status holds counts and error codes only, so any screen may ask for it.
    'sync:status': () => services.sync.status(),
    'sync:wake': () => {
      services.sync.wake();
      return { woken: true as const };
    },
    'sync:connection': () => services.sync.describe(),
    'sync:provision': async (request) => {
      const connection = await services.sync.provision(request);
      // S-02 from now on: the terminal signed in here takes the HQ lease (or is signed out if another device has it).
      await accounts.resumeLease();
      return connection;
    },
    'sync:clear': async () => {
      await accounts.releaseLease();
      await services.sync.clear();
      return { cleared: true as const };
    },
    'sync:retryDead': (request, context) => {
      const requeued = services.sync.retrySetAside(request.seq);
      appendAudit(deps.db, deps.clock().toISOString(), deps.newId, {
        staffId: context.actor.staff.id,
        terminalId: context.actor.terminal.id,
        action: 'sync.retry_set_aside',
        entity: 'outbox',
        entityId: request.seq === undefined ? 'all' : String(request.seq),
        detail: { requeued },
      });
      return { requeued };
    },
    'sync:setAside': () => services.sync.setAside(),

    'customer:search': (request) => customers.search(request.query),
    'customer:get': (request) => customers.get(request.id),
    'customer:create': (request, context) => customers.create(context.actor, request),

    'category:list': () => listCategories(deps),

    'reception:create': (request, context) => receptions.create(context.actor, request),
    'reception:get': (request) => receptions.get(request.id),
    'reception:findByNumber': (request) => {
      const found = receptions.findByNumber(request.number);
      if (!found) throw new KioskError('RECEPTION_NOT_FOUND');
      return found;
    },
    'reception:list': (request) => receptions.list(request),
    'reception:delete': (request, context) => {
      receptions.delete(context.actor, request.id, request.version);
      // Issue 13 §6: nothing the customer gave is held for a transaction that no longer exists.
      settlement.evidence.forget(request.id);
      customerDisplay.ended(request.id);
      return { deleted: true as const };
    },
    'reception:flagSuspectedStolen': (request, context) => flagSuspectedStolen(deps, receptions, context.actor, request),

    'appraisal:addItem': (request, context) => shown(receptions.addItem(context.actor, request.receptionId, request.item)),
    'appraisal:updateItem': (request, context) =>
      shown(receptions.updateItem(context.actor, request.receptionId, request.itemId, request.item)),
    'appraisal:removeItem': (request, context) => shown(receptions.removeItem(context.actor, request.receptionId, request.itemId)),
    'appraisal:moveItem': (request, context) =>
      shown(receptions.moveItem(context.actor, request.receptionId, request.itemId, request.direction)),
    // V-03 special case: the caller is the clerk (declared 'staff'); above the configured amount the service also
    // wants a manager, who approves by typing their code and PIN at this counter — a second person, not the caller's
    // role, so it stays explicit here and in receptions.setAdjustment.
    'appraisal:setAdjustment': (request, context) => {
      const by = context.actor;
      const approvedBy = request.approval ? accounts.approveAsManager(request.approval.code, request.approval.pin, by) : null;
      return shown(receptions.setAdjustment(by, request.receptionId, request.amount, request.reason, approvedBy));
    },
    'appraisal:complete': (request, context) => shown(receptions.complete(context.actor, request.receptionId)),

    'settlement:open': (request) => settlement.open(request.number),
    'settlement:options': () => settlement.options(),
    'settlement:execute': async (request, context) => {
      // N-02: two counter PCs never both settle one reception — the claim at HQ is taken (or renewed) first.
      await services.claims.claimBeforeSettling(request.receptionId);
      // V-02: what the customer agreed to and signed on their own screen is what the settlement records.
      const result = await settlement.execute(context.actor, request, customerDisplay.confirmation(request.receptionId));
      customerDisplay.settled(request.receptionId, result.reception.totals.total);
      return result;
    },
    'settlement:stageImage': (request) => {
      const staged = settlement.stageImage(request.receptionId, request.kind, request.dataUrl, request.masks);
      if (request.kind === 'signature') customerDisplay.signatureReplacedByClerk(request.receptionId);
      return staged;
    },
    'settlement:dropImage': (request) => {
      settlement.dropImage(request.receptionId, request.kind);
      if (request.kind === 'signature') customerDisplay.signatureReplacedByClerk(request.receptionId);
      return { dropped: true as const };
    },
    'settlement:image': (request) => ({ dataUrl: settlement.settledImage(request.imageId) }),
    'settlement:csv': (request) => settlement.itemsCsv(request.receptionId),
    'printer:printLabels': (request) => printLabels(request.receptionId, request.itemIds),
    'settlement:saveDraft': (request) => {
      drafts.save(request.receptionId, request.draft);
      // Items cancelled in the wizard are struck through on the customer's screen.
      customerDisplay.receptionChanged(request.receptionId);
      return { saved: true as const };
    },
    'settlement:draft': (request) => ({
      draft: drafts.load(request.receptionId),
      stagedImages: settlement.stagedKinds(request.receptionId),
      identity: settlement.stagedIdentity(request.receptionId),
      idPhotoMasks: settlement.stagedPhotoMasks(request.receptionId),
      bankAccount: settlement.stagedBankAccount(request.receptionId),
    }),
    'settlement:stageIdentity': (request) => {
      settlement.stageIdentity(request.receptionId, request.record);
      return { held: true as const };
    },
    'settlement:resumable': () => drafts.latestOpen(),
    'settlement:discardDraft': (request) => {
      // Closing the wizard on purpose abandons the draft and everything held in memory for it.
      drafts.discard(request.receptionId);
      settlement.evidence.forget(request.receptionId);
      return { discarded: true as const };
    },
    'settlement:cancel': (request, context) => {
      const cancelled = settlement.cancel(context.actor, request.receptionId, request.version, request.reason);
      customerDisplay.ended(request.receptionId);
      return cancelled;
    },

    'stock:list': (request) => listStock(deps.db, request.query, request.cursor),
    'stock:setEcPublished': (request, context) => {
      const item = setStockEcPublished(deps, context.actor, request.stockItemId, request.published);
      // The change is queued for HQ (issue 13 §6): send it now rather than at the worker's next idle ping.
      services.sync.wake();
      return item;
    },

    'staff:list': (_, context) => staff.list(context.actor.terminal.storeId),
    'staff:add': (request, context) => staff.add(context.actor, request),
    'staff:resetPin': (request, context) => staff.resetPin(context.actor, request.staffId, request.pin),
    'staff:setActive': (request, context) => staff.setActive(context.actor, request.staffId, request.active),
    'settings:buyback': () => buybackSettings.get(),
    'settings:saveTerms': (request, context) => {
      const saved = buybackSettings.saveTerms(context.actor, request.terms);
      customerDisplay.termsSaved();
      return saved;
    },
    'settings:savePaymentMethods': (request, context) => {
      const reserved = new Set(BUILT_IN_PAYMENT_METHODS.map((m) => m.id));
      if (request.methods.some((m) => reserved.has(m.id))) {
        throw new KioskError('INVALID_INPUT', { fields: { methods: 'validation.methodReserved' } });
      }
      buybackSettings.savePaymentMethods(context.actor, request.methods);
      return { saved: true as const };
    },
    'settings:savePointRule': (request, context) => {
      buybackSettings.savePointRule(context.actor, request);
      return { saved: true as const };
    },
    'settings:saveSecurity': (request, context) => {
      buybackSettings.saveSecurity(context.actor, request);
      return { saved: true as const };
    },
    'settings:terms': () => currentTerms(deps.db),

    // B-02: any signed-in staff can show and print the ledger at once (法18条); the CSV, a bulk export of personal
    // data that leaves the device, and corrections need a manager.
    'ledger:list': (request) => services.ledger.list(request.from, request.to),
    'ledger:page': (request) => services.ledger.page(request),
    'ledger:csv': (request) => services.ledger.csv(request.from, request.to),
    'ledger:correct': (request, context) => {
      const correction = services.ledger.correct(context.actor, request.settlementId, request.field, request.newValue, request.reason);
      // HQ keeps the ledger too (issue 13 §6): the queued correction goes now, like a settlement does.
      services.sync.wake();
      return correction;
    },

    'printer:settings': () => printing.settings(),
    'printer:updateSettings': (request, context) => printing.updateSettings(context.actor, request.settings),
    'printer:testPrint': (request) => printing.testPrint(request.printer),
    'printer:jobs': () => printing.jobs(),
    'printer:retry': (request, context) => printing.retry(request.jobId, context.actor),
    'till:current': (_, context) => services.till.current(context.actor.terminal.id),
    'till:open': (request, context) => services.till.open(context.actor, request.counts),
    'till:move': (request, context) => services.till.move(context.actor, request.kind, request.amount, request.reason),
    'till:check': (request, context) => services.till.check(context.actor, request.counts),
    'till:close': (request, context) => {
      // A difference above the shop's limit needs a manager's code and PIN typed at the counter: a second person
      // approving, not the caller's role (like appraisal:setAdjustment).
      const approvedBy = request.approval ? accounts.approveAsManager(request.approval.code, request.approval.pin, context.actor) : null;
      const closed = services.till.close(context.actor, request.counts, approvedBy);
      // M-07: the close stands whatever the printer does; its report prints in the background and goes to HQ.
      services.sync.wake();
      try {
        return { ...closed, reportJob: printing.queueTillReport(closed.id, context.actor.terminal.id), reportError: null };
      } catch (error) {
        return { ...closed, reportJob: null, reportError: error instanceof KioskError ? error.code : 'PRINTER_ERROR' };
      }
    },
    'till:fundShortfall': (request, context) => {
      // M-06: cash from the safe needs a manager — the signed-in one, or code and PIN typed here (a second person).
      const approvedBy = request.approval ? accounts.approveAsManager(request.approval.code, request.approval.pin, context.actor) : null;
      return services.till.fundShortfall(context.actor, request, approvedBy);
    },
    'drawer:open': (request, context) => printing.openDrawer(context.actor, request.reason),
    'printer:preview': (request) => printing.preview(request.jobId),
    'printer:usbDevices': () => printing.usbDevices(),
    'printer:printSlip': (request) => printing.printSlip(request.receptionId),
    'printer:reprintReceipt': (request) => printing.printReceipt(request.receptionId),
    'printer:printStockLabels': (request) => printing.printStockLabels(request.stockItemIds),

    'audit:status': () => services.integrity.status(),
    'audit:verify': (_, context) => {
      const by = context.actor;
      return services.integrity.verifyFull({ staffId: by.staff.id, terminalId: by.terminal.id });
    },
    // V-03 special case: declared 'none' because the tamper alert blocks every screen, also before sign-in; the
    // manager proves who they are with code and PIN in the request (confirmManager counts towards their lockout).
    'audit:acknowledge': (request) => {
      const by = accounts.confirmManager(request.code, request.pin, 'audit.manager_confirmed');
      return services.integrity.acknowledge({ staffId: by.id, terminalId: accounts.currentTerminal()?.id ?? null });
    },

    'vault:keys': () => services.vaultKeys.status(),
    'vault:exportKeys': (request, context) => services.vaultKeys.exportKeys(context.actor, request.itPassword),
    'vault:importKeys': (request, context) => services.vaultKeys.importKeys(context.actor, request.content, request.itPassword),

    'till:history': (_, context) => services.till.history(context.actor),
    'till:session': (request, context) => services.till.session(context.actor, request.sessionId),
    'till:reprintReport': (request, context) => {
      // Reading the session first checks it is this counter's and that the actor may see it (past ones: managers).
      if (services.till.session(context.actor, request.sessionId).closedAt === null) throw new KioskError('TILL_SESSION_OPEN');
      return printing.queueTillReport(request.sessionId, context.actor.terminal.id);
    },
    'till:settings': () => services.till.settings(),
    'till:saveSettings': (request, context) => services.till.saveSettings(context.actor, request),
    // M-08 bank transfer.
    'settlement:stageBankAccount': (request) => {
      settlement.stageBankAccount(request.receptionId, request.account);
      return { held: true as const };
    },
    'bankTransfer:lastAccount': (request) => settlement.lastBankAccount(request.receptionId),
    'bankTransfer:pending': () => services.bankTransfers.pending(),
    'bankTransfer:markPaid': (request, context) => services.bankTransfers.markPaid(context.actor, request.ids),
    'bankTransfer:remitter': () => services.bankTransfers.remitter(),
    'bankTransfer:saveRemitter': (request, context) => services.bankTransfers.saveRemitter(context.actor, request),

    ...buildShellHandlers({ config, services, deps }),

    // V-01, V-02 (issue 18): the customer's own screen.
    'customerDisplay:status': () => customerDisplay.status(),
    'customerDisplay:show': (request) => customerDisplay.show(request.receptionId, request.phase),
    'customerDisplay:leave': (request) => customerDisplay.leave(request.receptionId, request.phase),
    'customerDisplay:ask': (request) => customerDisplay.ask(request.receptionId, request.what),
    'customerDisplay:withdraw': (request) => customerDisplay.withdraw(request.receptionId, request.what, request.discard),
    'settings:saveCustomerDisplay': (request, context) => customerDisplay.saveSettings(context.actor, request),
    'customer:view': () => customerDisplay.view(),
    'customer:agree': (request) => customerDisplay.agree(request.askId, request.termsVersion),
    'customer:sign': (request) => customerDisplay.sign(request.askId, request.dataUrl),
    ...buildDocumentHandlers({ services }),
    ...buildIdentityHandlers({ deps }),
    'reception:claim': (request, context) => services.claims.claim(request.receptionId, context.clientId),
    'reception:releaseClaim': (request) => services.claims.release(request.receptionId),

    // A-01 catalog (issue 17).
    'catalog:lookup': (request) => lookupScannedCode(deps.db, request.code),
    'catalog:search': (request) => searchCatalog(deps.db, request.query, request.limit),
    'priceHint:get': (request) => priceHint(deps.db, deps.clock(), request),
    // A-03 precious metals: every clerk reads today's prices; a manager sets them.
    'metalPrice:today': () => metalPrices.today(),
    'metalPrice:set': (request, context) => metalPrices.setPrice(context.actor, request.metal, request.pricePerGram),
    'metalPrice:setRounding': (request, context) => metalPrices.setRounding(context.actor, request.rounding),
    'masterData:status': () => readMasterDataState(deps.db),
    'masterData:hqOwned': () => ({ terms: termsOwnedByHq(deps.db), settings: hqOwnedSettings(deps.db) }),
    'category:add': (request, context) => categories.add(context.actor, request),
    'category:update': (request, context) => categories.update(context.actor, request.id, request),
    'category:remove': (request, context) => categories.remove(context.actor, request.id),
    'staff:unlock': (request, context) => staff.unlock(context.actor, request.staffId),
    'storeFeed:status': () => {
      const { pulledAt, appliedAt, lastError } = readStoreFeedState(deps.db);
      return { pulledAt, appliedAt, lastError };
    },
  };
}
