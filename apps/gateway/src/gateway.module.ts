import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { EventPublisher } from '@ilm/messaging';
import { StorageModule } from '@ilm/storage';
import { AccessController } from './access/access.controller';
import { AuthGuard } from './auth/auth.guard';
import { CommandConsumer } from './commands/command-consumer';
import { GATEWAY_MIGRATIONS, GATEWAY_SCHEMA } from './commands/commands.migrations';
import { CommandsRepository } from './commands/commands.repository';
import { Authorizer } from './auth/authorizer';
import { MeController } from './auth/me.controller';
import { HealthController } from './health/health.controller';
import { OpsController } from './health/ops.controller';
import { HttpErrorFilter } from './http/error.filter';
import { CredentialSealer } from './integrations/credential-sealer';
import { GrantsController } from './integrations/grants.controller';
import { IntegrationsController } from './integrations/integrations.controller';
import { PullsController } from './pulls/pulls.controller';
import { RevisionsController } from './revisions/revisions.controller';
import { IntegrationOperations } from './operations/integration-operations';
import { ServiceClients } from './service-clients';

@Module({
  imports: [StorageModule.forService({ schema: GATEWAY_SCHEMA, migrations: GATEWAY_MIGRATIONS, objects: false })],
  controllers: [HealthController, OpsController, MeController, IntegrationsController, GrantsController, RevisionsController, PullsController, AccessController],
  providers: [
    ServiceClients,
    EventPublisher,
    Authorizer,
    IntegrationOperations,
    CommandsRepository,
    CommandConsumer,
    CredentialSealer,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: HttpErrorFilter },
  ],
})
export class GatewayModule {}
