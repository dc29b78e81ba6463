import type { SessionState } from '../preload/types.ts';
import { KioskError } from './errors.ts';
import type { CoreConfig, Services } from './services/types.ts';
import type { CallContext, Handlers } from './dispatch.ts';
import { BuybackSettingsService } from './services/buyback-settings.ts';
import { lookupScannedCode, searchCatalog } from './services/catalog.ts';
import { priceHint } from './services/price-hints.ts';
import { MetalPricesService } from './services/metal-prices.ts';
import { readMasterDataState } from './sync/master-data.ts';
import { appendAudit } from './services/audit.ts';
import { requestQuit } from './shell/quit.ts';
import { buildShellHandlers } from './shell/shell-handlers.ts';
import { listCategories } from './services/customers.ts';
import type { ServiceDeps } from './services/deps.ts';
import { readSetting } from './services/settings.ts';
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
  const { accounts, customers, receptions, settlement, printLabels, drafts, printing } = services;
  const actor = (context: CallContext) => accounts.requireActor(context.clientId);
  const manager = (context: CallContext) => accounts.requireActor(context.clientId, { role: 'manager' });
  const buybackSettings = new BuybackSettingsService(deps);
  const staff = new StaffService(deps);
  const metalPrices = new MetalPricesService(deps);
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
      const by = manager(context);
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
      await accounts.signOutTerminal(context.clientId);
      return session(context);
    },
    'session:staffSignIn': (request, context) => {
      accounts.signInStaff(context.clientId, request.code, request.pin);
      return accounts.state(context.clientId);
    },
    'session:staffSignOut': (_, context) => {
      accounts.signOutStaff(context.clientId);
      return accounts.state(context.clientId);
    },
    'session:activity': (_, context) => {
      accounts.reportActivity(context.clientId);
      return { recorded: true as const };
    },

    // HQ sync (D-06, D-08). The badge's status holds counts and error codes only, so any screen may ask for it.
    'sync:status': () => services.sync.status(),
    'sync:wake': (_, context) => {
      actor(context);
      services.sync.wake();
      return { woken: true as const };
    },
    'sync:connection': (_, context) => {
      accounts.requireActor(context.clientId, { role: 'manager' });
      return services.sync.describe();
    },
    'sync:provision': async (request, context) => {
      accounts.requireActor(context.clientId, { role: 'manager' });
      const connection = await services.sync.provision(request);
      // S-02 from now on: the terminal signed in here takes the HQ lease (or is signed out if another device has it).
      await accounts.resumeLease();
      return connection;
    },
    'sync:clear': async (_, context) => {
      accounts.requireActor(context.clientId, { role: 'manager' });
      await accounts.releaseLease();
      await services.sync.clear();
      return { cleared: true as const };
    },
    'sync:retryDead': (request, context) => {
      const by = manager(context);
      const requeued = services.sync.retrySetAside(request.seq);
      appendAudit(deps.db, deps.clock().toISOString(), deps.newId, {
        staffId: by.staff.id,
        terminalId: by.terminal.id,
        action: 'sync.retry_set_aside',
        entity: 'outbox',
        entityId: request.seq === undefined ? 'all' : String(request.seq),
        detail: { requeued },
      });
      return { requeued };
    },
    'sync:setAside': (_, context) => {
      manager(context);
      return services.sync.setAside();
    },

    'customer:search': (request, context) => {
      actor(context);
      return customers.search(request.query);
    },
    'customer:get': (request, context) => {
      actor(context);
      return customers.get(request.id);
    },
    'customer:create': (request, context) => customers.create(actor(context), request),

    'category:list': (_, context) => {
      actor(context);
      return listCategories(deps);
    },

    'reception:create': (request, context) => receptions.create(actor(context), request),
    'reception:get': (request, context) => {
      actor(context);
      return receptions.get(request.id);
    },
    'reception:findByNumber': (request, context) => {
      actor(context);
      const found = receptions.findByNumber(request.number);
      if (!found) throw new KioskError('RECEPTION_NOT_FOUND');
      return found;
    },
    'reception:list': (request, context) => {
      actor(context);
      return receptions.list(request);
    },
    'reception:delete': (request, context) => {
      receptions.delete(actor(context), request.id, request.version);
      // Issue 13 §6: nothing the customer gave is held for a transaction that no longer exists.
      settlement.evidence.forget(request.id);
      return { deleted: true as const };
    },
    'reception:flagSuspectedStolen': (request, context) => flagSuspectedStolen(deps, receptions, actor(context), request),

    'appraisal:addItem': (request, context) => receptions.addItem(actor(context), request.receptionId, request.item),
    'appraisal:updateItem': (request, context) =>
      receptions.updateItem(actor(context), request.receptionId, request.itemId, request.item),
    'appraisal:removeItem': (request, context) => receptions.removeItem(actor(context), request.receptionId, request.itemId),
    'appraisal:moveItem': (request, context) =>
      receptions.moveItem(actor(context), request.receptionId, request.itemId, request.direction),
    'appraisal:setAdjustment': (request, context) => {
      const by = actor(context);
      const approvedBy = request.approval ? accounts.approveAsManager(request.approval.code, request.approval.pin, by) : null;
      return receptions.setAdjustment(by, request.receptionId, request.amount, request.reason, approvedBy);
    },
    'appraisal:complete': (request, context) => receptions.complete(actor(context), request.receptionId),

    'settlement:open': (request, context) => {
      actor(context);
      return settlement.open(request.number);
    },
    'settlement:options': (_, context) => {
      actor(context);
      return settlement.options();
    },
    'settlement:execute': (request, context) => settlement.execute(actor(context), request),
    'settlement:stageImage': (request, context) => {
      actor(context);
      return settlement.stageImage(request.receptionId, request.kind, request.dataUrl);
    },
    'settlement:dropImage': (request, context) => {
      actor(context);
      settlement.dropImage(request.receptionId, request.kind);
      return { dropped: true as const };
    },
    'settlement:image': (request, context) => {
      actor(context);
      return { dataUrl: settlement.settledImage(request.imageId) };
    },
    'settlement:csv': (request, context) => {
      actor(context);
      return settlement.itemsCsv(request.receptionId);
    },
    'printer:printLabels': (request, context) => {
      actor(context);
      return printLabels(request.receptionId, request.itemIds);
    },
    'settlement:saveDraft': (request, context) => {
      actor(context);
      drafts.save(request.receptionId, request.draft);
      return { saved: true as const };
    },
    'settlement:draft': (request, context) => {
      actor(context);
      return {
        draft: drafts.load(request.receptionId),
        stagedImages: settlement.stagedKinds(request.receptionId),
        identity: settlement.stagedIdentity(request.receptionId),
      };
    },
    'settlement:stageIdentity': (request, context) => {
      actor(context);
      settlement.stageIdentity(request.receptionId, request.record);
      return { held: true as const };
    },
    'settlement:resumable': (_, context) => {
      actor(context);
      return drafts.latestOpen();
    },
    'settlement:discardDraft': (request, context) => {
      actor(context);
      // Closing the wizard on purpose abandons the draft and everything held in memory for it.
      drafts.discard(request.receptionId);
      settlement.evidence.forget(request.receptionId);
      return { discarded: true as const };
    },
    'settlement:cancel': (request, context) =>
      settlement.cancel(actor(context), request.receptionId, request.version, request.reason),

    'stock:list': (request, context) => {
      actor(context);
      return listStock(deps.db, request.query, request.cursor);
    },
    'stock:setEcPublished': (request, context) => {
      const item = setStockEcPublished(deps, actor(context), request.stockItemId, request.published);
      // The change is queued for HQ (issue 13 §6): send it now rather than at the worker's next idle ping.
      services.sync.wake();
      return item;
    },

    'staff:list': (_, context) => staff.list(manager(context).terminal.storeId),
    'staff:add': (request, context) => staff.add(manager(context), request),
    'staff:resetPin': (request, context) => staff.resetPin(manager(context), request.staffId, request.pin),
    'staff:setActive': (request, context) => staff.setActive(manager(context), request.staffId, request.active),
    'settings:buyback': (_, context) => {
      actor(context);
      return buybackSettings.get();
    },
    'settings:saveTerms': (request, context) => buybackSettings.saveTerms(manager(context), request.terms),
    'settings:savePaymentMethods': (request, context) => {
      const reserved = new Set(BUILT_IN_PAYMENT_METHODS.map((m) => m.id));
      if (request.methods.some((m) => reserved.has(m.id))) {
        throw new KioskError('INVALID_INPUT', { fields: { methods: 'validation.methodReserved' } });
      }
      buybackSettings.savePaymentMethods(manager(context), request.methods);
      return { saved: true as const };
    },
    'settings:savePointRule': (request, context) => {
      buybackSettings.savePointRule(manager(context), request);
      return { saved: true as const };
    },
    'settings:saveSecurity': (request, context) => {
      buybackSettings.saveSecurity(manager(context), request);
      return { saved: true as const };
    },
    'settings:terms': (_, context) => {
      actor(context);
      return currentTerms(deps.db);
    },

    // B-02: any signed-in staff can show and print the ledger at once (法18条); the CSV, a bulk export of personal
    // data that leaves the device, and corrections need a manager.
    'ledger:list': (request, context) => {
      actor(context);
      return services.ledger.list(request.from, request.to);
    },
    'ledger:page': (request, context) => {
      actor(context);
      return services.ledger.page(request);
    },
    'ledger:csv': (request, context) => {
      accounts.requireActor(context.clientId, { role: 'manager' });
      return services.ledger.csv(request.from, request.to);
    },
    'ledger:correct': (request, context) => {
      const correction = services.ledger.correct(
        accounts.requireActor(context.clientId, { role: 'manager' }),
        request.settlementId,
        request.field,
        request.newValue,
        request.reason,
      );
      // HQ keeps the ledger too (issue 13 §6): the queued correction goes now, like a settlement does.
      services.sync.wake();
      return correction;
    },

    'printer:settings': (_, context) => {
      actor(context);
      return printing.settings();
    },
    'printer:updateSettings': (request, context) =>
      printing.updateSettings(accounts.requireActor(context.clientId, { role: 'manager' }), request.settings),
    'printer:testPrint': (request, context) => {
      actor(context);
      return printing.testPrint(request.printer);
    },
    'printer:jobs': (_, context) => {
      actor(context);
      return printing.jobs();
    },
    'printer:retry': (request, context) => printing.retry(request.jobId, actor(context)),
    'till:current': (_, context) => services.till.current(actor(context).terminal.id),
    'till:open': (request, context) => services.till.open(actor(context), request.counts),
    'till:move': (request, context) => services.till.move(actor(context), request.kind, request.amount, request.reason),
    'till:check': (request, context) => services.till.check(actor(context), request.counts),
    'till:close': (request, context) => {
      const by = actor(context);
      const approvedBy = request.approval ? accounts.approveAsManager(request.approval.code, request.approval.pin, by) : null;
      return services.till.close(by, request.counts, approvedBy);
    },
    'till:fundShortfall': (request, context) => {
      const by = actor(context);
      const approvedBy = request.approval ? accounts.approveAsManager(request.approval.code, request.approval.pin, by) : null;
      return services.till.fundShortfall(by, request, approvedBy);
    },
    'drawer:open': (request, context) => printing.openDrawer(manager(context), request.reason),
    'printer:preview': (request, context) => {
      actor(context);
      return printing.preview(request.jobId);
    },
    'printer:usbDevices': (_, context) => {
      actor(context);
      return printing.usbDevices();
    },
    'printer:printSlip': (request, context) => {
      actor(context);
      return printing.printSlip(request.receptionId);
    },
    'printer:reprintReceipt': (request, context) => {
      actor(context);
      return printing.printReceipt(request.receptionId);
    },
    'printer:printStockLabels': (request, context) => {
      actor(context);
      return printing.printStockLabels(request.stockItemIds);
    },

    'audit:status': () => services.integrity.status(),
    'audit:verify': (_, context) => {
      const by = manager(context);
      return services.integrity.verifyFull({ staffId: by.staff.id, terminalId: by.terminal.id });
    },
    'audit:acknowledge': (request) => {
      const by = accounts.confirmManager(request.code, request.pin, 'audit.manager_confirmed');
      return services.integrity.acknowledge({ staffId: by.id, terminalId: accounts.currentTerminal()?.id ?? null });
    },

    'vault:keys': (_, context) => {
      manager(context);
      return services.vaultKeys.status();
    },
    'vault:exportKeys': (request, context) => services.vaultKeys.exportKeys(manager(context), request.itPassword),
    'vault:importKeys': (request, context) => services.vaultKeys.importKeys(manager(context), request.content, request.itPassword),

    ...buildShellHandlers({ config, services, deps }),

    // A-01 catalog (issue 17).
    'catalog:lookup': (request, context) => {
      actor(context);
      return lookupScannedCode(deps.db, request.code);
    },
    'catalog:search': (request, context) => {
      actor(context);
      return searchCatalog(deps.db, request.query, request.limit);
    },
    'priceHint:get': (request, context) => {
      actor(context);
      return priceHint(deps.db, deps.clock(), request);
    },
    // A-03 precious metals: every clerk reads today's prices; a manager sets them.
    'metalPrice:today': (_, context) => {
      actor(context);
      return metalPrices.today();
    },
    'metalPrice:set': (request, context) => metalPrices.setPrice(manager(context), request.metal, request.pricePerGram),
    'metalPrice:setRounding': (request, context) => metalPrices.setRounding(manager(context), request.rounding),
    'masterData:status': (_, context) => {
      actor(context);
      return readMasterDataState(deps.db);
    },
  };
}
