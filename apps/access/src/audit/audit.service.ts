import { Injectable } from '@nestjs/common';
import { ListAudit } from '@ilm/contracts';
import { assertAllowed } from '../policy/assert-allowed';
import { AuditRepository } from './audit.repository';

@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  /** The caller's workspace only, for its owners and admins. */
  async list(req: ListAudit.Request): Promise<ListAudit.Response> {
    const { actor, ...filters } = req;
    assertAllowed(actor, 'audit.read');
    const rows = await this.audit.list(actor.workspaceId, filters);
    const page = rows.slice(0, filters.limit);
    return { items: page, nextCursor: rows.length > filters.limit ? String(page[page.length - 1].seq) : null };
  }
}
