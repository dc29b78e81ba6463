// The contract's document channels (issue 16), kept apart from main/handlers.ts. No electron import.
import type { CallContext, Handlers } from './dispatch.ts';
import type { Services } from './services/types.ts';

type DocumentChannel = 'document:issue' | 'settings:shop' | 'settings:saveShop';

export function buildDocumentHandlers({ services }: { services: Services }): Pick<Handlers, DocumentChannel> {
  const { accounts, documents } = services;
  const actor = (context: CallContext) => accounts.requireActor(context.clientId);
  return {
    'document:issue': (request, context) => documents.issue(actor(context), request),
    'settings:shop': (_, context) => documents.shopDetails(actor(context).terminal.storeId),
    'settings:saveShop': (request, context) => documents.saveShopDetails(accounts.requireActor(context.clientId, { role: 'manager' }), request),
  };
}
