import 'reflect-metadata';
import { bootstrapService } from '@ilm/messaging';
import { AccessModule } from './access.module';

void bootstrapService('access', AccessModule).catch((err) => {
  console.error(`access failed to start: ${err?.message ?? err}`);
  process.exit(1);
});
