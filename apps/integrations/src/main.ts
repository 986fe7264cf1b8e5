import 'reflect-metadata';
import { bootstrapService } from '@ilm/messaging';
import { IntegrationsModule } from './integrations.module';

void bootstrapService('integrations', IntegrationsModule).catch((err) => {
  console.error(`integrations failed to start: ${err?.message ?? err}`);
  process.exit(1);
});
