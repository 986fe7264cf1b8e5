import { SetMetadata } from '@nestjs/common';
import type { Action } from '@ilm/contracts';

export const ACCESS_KEY = 'ilm:access';

export interface AccessRule {
  action: Action;
  /** route parameter holding the integration id the action targets */
  integrationParam?: string;
}

/** Declares what a route does, so the guard can ask the access service about exactly that. */
export const Access = (action: Action, integrationParam?: string) => SetMetadata(ACCESS_KEY, { action, integrationParam } satisfies AccessRule);
