import { z } from 'zod';
import { Actor, Page } from '../common';
import { responseOf } from '../contract';
import { AuditEntryView } from './access-views';
import { LIMITS } from '../limits';

/** The audit log of the caller's workspace, newest first, filtered and paged. */
export namespace ListAudit {
  export const pattern = 'access.audit.list';
  export const Request = z.object({
    actor: Actor,
    action: z.string().max(100).optional(),
    type: z.string().max(100).optional(),
    outcome: z.enum(['success', 'denied', 'rate_limited']).optional(),
    actorId: z.string().max(100).optional(),
    targetId: z.string().max(100).optional(),
    correlationId: z.string().max(100).optional(),
    since: z.string().datetime({ offset: true }).optional(),
    until: z.string().datetime({ offset: true }).optional(),
    cursor: z.string().regex(/^\d{1,18}$/, 'invalid cursor').optional(),
    limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
  });
  export type Request = z.infer<typeof Request>;
  export type Response = Page<AuditEntryView>;
  export const response = responseOf<Response>();
}
