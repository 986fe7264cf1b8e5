import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ServiceClient } from '@ilm/messaging';

/** The revisions service's one dependency: live state lives in the integrations service. */
@Injectable()
export class IntegrationsClient extends ServiceClient implements OnApplicationShutdown {
  constructor() {
    super('integrations');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close().catch(() => undefined);
  }
}
