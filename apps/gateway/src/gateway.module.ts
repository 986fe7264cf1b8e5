import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { EventPublisher } from '@ilm/messaging';
import { AccessController } from './access/access.controller';
import { AuthGuard } from './auth/auth.guard';
import { MeController } from './auth/me.controller';
import { HealthController } from './health/health.controller';
import { HttpErrorFilter } from './http/error.filter';
import { CredentialSealer } from './integrations/credential-sealer';
import { GrantsController } from './integrations/grants.controller';
import { IntegrationsController } from './integrations/integrations.controller';
import { PullsController } from './pulls/pulls.controller';
import { RevisionsController } from './revisions/revisions.controller';
import { ServiceClients } from './service-clients';

@Module({
  controllers: [HealthController, MeController, IntegrationsController, GrantsController, RevisionsController, PullsController, AccessController],
  providers: [
    ServiceClients,
    EventPublisher,
    CredentialSealer,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: HttpErrorFilter },
  ],
})
export class GatewayModule {}
