import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';
import { GrantLevel, GrantView } from './access-views';

export namespace PutGrant {
  export const pattern = 'access.grant.put';
  export const Request = z.object({
    actor: Actor,
    integrationId: z.string().uuid(),
    userId: z.string().max(100),
    level: GrantLevel,
  });
  export type Request = z.infer<typeof Request>;
  export type Response = GrantView;
  export const response = responseOf<Response>();
}
