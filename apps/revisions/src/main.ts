import 'reflect-metadata';
import { bootstrapService } from '@ilm/messaging';
import { RevisionsModule } from './revisions.module';

void bootstrapService('revisions', RevisionsModule).catch((err) => {
  console.error(`revisions failed to start: ${err?.message ?? err}`);
  process.exit(1);
});
