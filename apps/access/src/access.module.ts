import { Module } from '@nestjs/common';
import { StorageModule, healthHandlersFor } from '@ilm/storage';
import { ACCESS_MIGRATIONS, ACCESS_SCHEMA } from './access.migrations';
import { AuthorizationHandlers } from './authorization/authorization.handlers';
import { AuthorizationService } from './authorization/authorization.service';
import { OwnerBootstrap } from './bootstrap/owner-bootstrap';
import { TokensRepository } from './tokens/tokens.repository';

@Module({
  imports: [StorageModule.forService({ schema: ACCESS_SCHEMA, migrations: ACCESS_MIGRATIONS, objects: false })],
  controllers: [AuthorizationHandlers, healthHandlersFor('access')],
  providers: [AuthorizationService, TokensRepository, OwnerBootstrap],
})
export class AccessModule {}
