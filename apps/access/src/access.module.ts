import { Module } from '@nestjs/common';
import { OutboxModule, outboxMigrations } from '@ilm/outbox';
import { StorageModule, healthHandlersFor } from '@ilm/storage';
import { ACCESS_MIGRATIONS, ACCESS_SCHEMA } from './access.migrations';
import { AuditHandlers } from './audit/audit.handlers';
import { AuditRecorder } from './audit/audit-recorder';
import { DenialAuditInterceptor } from './audit/denial-audit.interceptor';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { AuthorizationHandlers } from './authorization/authorization.handlers';
import { AuthorizationService } from './authorization/authorization.service';
import { OwnerBootstrap } from './bootstrap/owner-bootstrap';
import { GrantsHandlers } from './grants/grants.handlers';
import { GrantsRepository } from './grants/grants.repository';
import { GrantsService } from './grants/grants.service';
import { TokensHandlers } from './tokens/tokens.handlers';
import { TokensRepository } from './tokens/tokens.repository';
import { TokensService } from './tokens/tokens.service';
import { UsersHandlers } from './users/users.handlers';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';
import { WorkspacesService } from './workspaces/workspaces.service';

@Module({
  imports: [
    StorageModule.forService({ schema: ACCESS_SCHEMA, migrations: [...ACCESS_MIGRATIONS, ...outboxMigrations(ACCESS_SCHEMA)], objects: false }),
    OutboxModule.forSchema(ACCESS_SCHEMA),
  ],
  controllers: [AuthorizationHandlers, UsersHandlers, TokensHandlers, GrantsHandlers, AuditHandlers, healthHandlersFor('access')],
  providers: [
    AuthorizationService,
    TokensRepository,
    TokensService,
    UsersRepository,
    UsersService,
    WorkspacesService,
    GrantsRepository,
    GrantsService,
    AuditRepository,
    AuditService,
    AuditRecorder,
    DenialAuditInterceptor,
    OwnerBootstrap,
  ],
})
export class AccessModule {}
