// The contract's identity-record channels (issue 16: I-02), kept apart from main/handlers.ts. No electron import.
import { tokyoDate } from '../common/compliance.ts';
import type { Handlers } from './dispatch.ts';
import type { ServiceDeps } from './services/deps.ts';
import { earlierVerifications } from './services/identity-history.ts';

export function buildIdentityHandlers({ deps }: { deps: ServiceDeps }): Pick<Handlers, 'identity:history'> {
  return {
    'identity:history': (request) => earlierVerifications(deps.db, request.receptionId, tokyoDate(deps.clock())),
  };
}
