// The contract's identity-record channels (issue 16: I-02), kept apart from main/handlers.ts. No electron import.
import { tokyoDate } from '../common/compliance.ts';
import type { Handlers } from './dispatch.ts';
import type { ServiceDeps } from './services/deps.ts';
import { earlierVerifications } from './services/identity-history.ts';
import type { Services } from './services/types.ts';

export function buildIdentityHandlers({ services, deps }: { services: Services; deps: ServiceDeps }): Pick<Handlers, 'identity:history'> {
  return {
    'identity:history': (request, context) => {
      services.accounts.requireActor(context.clientId);
      return earlierVerifications(deps.db, request.receptionId, tokyoDate(deps.clock()));
    },
  };
}
