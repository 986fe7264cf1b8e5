import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { CreateWorkspace, DomainError } from '@ilm/contracts';
import { EventOutbox } from '@ilm/outbox';
import { inTransaction } from '@ilm/storage';
import { assertAllowed } from '../policy/assert-allowed';
import { hashToken, newToken } from '../tokens/token-hash';
import { TokensRepository } from '../tokens/tokens.repository';
import { UsersRepository } from '../users/users.repository';

/** A new tenant, its owner and the owner's first token, all or nothing. The caller is not a member of it. */
@Injectable()
export class WorkspacesService {
  constructor(
    @Inject(Pool) private readonly pool: Pool,
    private readonly users: UsersRepository,
    private readonly tokens: TokensRepository,
    private readonly events: EventOutbox,
  ) {}

  async create(req: CreateWorkspace.Request): Promise<CreateWorkspace.Response> {
    assertAllowed(req.actor, 'workspace.create');
    const token = newToken();
    const result = await inTransaction(this.pool, async (client) => {
      const workspace = await UsersRepository.insertWorkspace(client, { id: randomUUID(), name: req.name });
      const owner = await this.users.insert(workspace.id, { id: randomUUID(), email: req.owner.email, name: req.owner.name, role: 'owner' }, client);
      if (!owner) throw new DomainError('conflict', 'owner email taken');
      const issued = await this.tokens.insert(workspace.id, { id: randomUUID(), userId: owner.id, name: 'first token', tokenHash: hashToken(token) }, client);
      await this.events.write(this.events.change(req.actor, 'workspace.created', 'workspace.create', { type: 'workspace', id: workspace.id }, { name: workspace.name }))(client);
      return { workspace, owner, token: { id: issued.id, name: issued.name, userId: owner.id, token, scopes: null, expiresAt: null } };
    });
    this.events.committed();
    return result;
  }
}
