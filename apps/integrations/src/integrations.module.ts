import { Module } from '@nestjs/common';
import { OutboxModule, outboxMigrations } from '@ilm/outbox';
import { StorageModule, healthHandlersFor } from '@ilm/storage';
import { CredentialVault } from './credentials/credential-vault';
import { CredentialsRepository } from './credentials/credentials.repository';
import { IntegrationHandlers } from './integrations/integration.handlers';
import { IntegrationService } from './integrations/integration.service';
import { INTEGRATIONS_MIGRATIONS, INTEGRATIONS_SCHEMA } from './integrations/integrations.migrations';
import { IntegrationsRepository } from './integrations/integrations.repository';

@Module({
  imports: [
    StorageModule.forService({ schema: INTEGRATIONS_SCHEMA, migrations: [...INTEGRATIONS_MIGRATIONS, ...outboxMigrations(INTEGRATIONS_SCHEMA)], objects: true }),
    OutboxModule.forSchema(INTEGRATIONS_SCHEMA),
  ],
  controllers: [IntegrationHandlers, healthHandlersFor('integrations')],
  providers: [IntegrationService, IntegrationsRepository, CredentialsRepository, CredentialVault],
})
export class IntegrationsModule {}
