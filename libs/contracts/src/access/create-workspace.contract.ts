import { z } from 'zod';
import { Actor, Name } from '../common';
import { responseOf } from '../contract';
import { Email, IssuedToken, UserView, WorkspaceView } from './access-views';

/** A new tenant with its owner; the owner's first token is in the response, once. */
export namespace CreateWorkspace {
  export const pattern = 'access.workspace.create';
  export const Request = z.object({
    actor: Actor,
    name: Name,
    owner: z.object({ email: Email, name: Name }).strict(),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = { workspace: WorkspaceView; owner: UserView; token: IssuedToken };
  export const response = responseOf<Response>();
}
