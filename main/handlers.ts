import type { SessionState } from '../preload/types.ts';
import { KioskError } from './errors.ts';
import type { CoreConfig, Services } from './core.ts';
import type { CallContext, Handlers } from './dispatch.ts';
import { listCategories } from './services/customers.ts';
import type { ServiceDeps } from './services/deps.ts';
import { readSetting } from './services/settings.ts';
import { currentTerms } from './services/settlement.ts';
import { listStock } from './services/stock.ts';

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
  const session = (context: CallContext): SessionState => {
    const state = accounts.state(context.clientId);
    deps.events.emit('session:changed', state);
    return state;
  };

  return {
    'app:info': () => ({ version: config.version, host: config.host, demo, locale: readSetting(deps.db, 'locale') }),

    'session:state': (_, context) => accounts.state(context.clientId),
    'session:terminalSignIn': (request, context) => {
      accounts.signInTerminal(request.code, request.password);
      return session(context);
    },
    'session:terminalSignOut': (_, context) => {
      accounts.signOutTerminal(context.clientId);
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
      return { deleted: true as const };
    },

    'appraisal:addItem': (request, context) => receptions.addItem(actor(context), request.receptionId, request.item),
    'appraisal:updateItem': (request, context) =>
      receptions.updateItem(actor(context), request.receptionId, request.itemId, request.item),
    'appraisal:removeItem': (request, context) => receptions.removeItem(actor(context), request.receptionId, request.itemId),
    'appraisal:moveItem': (request, context) =>
      receptions.moveItem(actor(context), request.receptionId, request.itemId, request.direction),
    'appraisal:setAdjustment': (request, context) =>
      receptions.setAdjustment(actor(context), request.receptionId, request.amount, request.reason),
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
      return { draft: drafts.load(request.receptionId), stagedImages: settlement.stagedKinds(request.receptionId) };
    },
    'settlement:discardDraft': (request, context) => {
      actor(context);
      drafts.discard(request.receptionId);
      return { discarded: true as const };
    },
    'settlement:cancel': (request, context) =>
      settlement.cancel(actor(context), request.receptionId, request.version, request.reason),

    'stock:list': (request, context) => {
      actor(context);
      return listStock(deps.db, request.query, request.page);
    },

    'settings:terms': (_, context) => {
      actor(context);
      return currentTerms(deps.db);
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
    'printer:retry': (request, context) => {
      actor(context);
      return printing.retry(request.jobId);
    },
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
  };
}
