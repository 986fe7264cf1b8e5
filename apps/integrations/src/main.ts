import 'reflect-metadata';
import { Pool } from 'pg';
import { bootstrapService } from '@ilm/messaging';
import { isDatabaseReachable } from '@ilm/storage';
import { IntegrationsModule } from './integrations.module';

void bootstrapService('integrations', IntegrationsModule, { databaseReady: (app) => isDatabaseReachable(app.get(Pool)) }).catch((err) => {
  console.error(`integrations failed to start: ${err?.message ?? err}`);
  process.exit(1);
});
