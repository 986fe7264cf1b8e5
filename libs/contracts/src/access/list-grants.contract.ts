import { z } from 'zod';
import { Actor } from '../common';
import { responseOf } from '../contract';
import { GrantView } from './access-views';

export namespace ListGrants {
  export const pattern = 'access.grant.list';
  export const Request = z.object({ actor: Actor, integrationId: z.string().uuid() });
  export type Request = z.infer<typeof Request>;
  export type Response = { items: GrantView[]; nextCursor: null };
  export const response = responseOf<Response>();
}
