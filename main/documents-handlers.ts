// The contract's document channels (issue 16), kept apart from main/handlers.ts. No electron import.
// Who may call them is declared in the contract (V-03); dispatch has checked it before these run.
import type { Handlers } from './dispatch.ts';
import type { Services } from './services/types.ts';

type DocumentChannel = 'document:issue' | 'settings:shop' | 'settings:saveShop';

export function buildDocumentHandlers({ services }: { services: Services }): Pick<Handlers, DocumentChannel> {
  const { documents } = services;
  return {
    'document:issue': (request, context) => documents.issue(context.actor, request),
    'settings:shop': (_, context) => documents.shopDetails(context.actor.terminal.storeId),
    'settings:saveShop': (request, context) => documents.saveShopDetails(context.actor, request),
  };
}
