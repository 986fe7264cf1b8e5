import 'reflect-metadata';
import { Pool } from 'pg';
import { bootstrapService } from '@ilm/messaging';
import { isDatabaseReachable } from '@ilm/storage';
import { RevisionsModule } from './revisions.module';

void bootstrapService('revisions', RevisionsModule, { databaseReady: (app) => isDatabaseReachable(app.get(Pool)) }).catch((err) => {
  console.error(`revisions failed to start: ${err?.message ?? err}`);
  process.exit(1);
});
