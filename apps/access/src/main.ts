import 'reflect-metadata';
import { Pool } from 'pg';
import { bootstrapService } from '@ilm/messaging';
import { isDatabaseReachable } from '@ilm/storage';
import { AccessModule } from './access.module';

void bootstrapService('access', AccessModule, { databaseReady: (app) => isDatabaseReachable(app.get(Pool)) }).catch((err) => {
  console.error(`access failed to start: ${err?.message ?? err}`);
  process.exit(1);
});
