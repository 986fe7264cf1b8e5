import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { MessageContract, RequestOf, ResponseOf, ServiceName } from '@ilm/contracts';
import { ServiceClient } from '@ilm/messaging';

/** One typed client per service; the gateway never writes a pattern string. */
@Injectable()
export class ServiceClients implements OnApplicationShutdown {
  readonly integrations = new ServiceClient('integrations');
  readonly revisions = new ServiceClient('revisions');
  readonly access = new ServiceClient('access');

  byName(name: ServiceName): ServiceClient {
    return this[name];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.integrations, this.revisions, this.access].map((c) => c.close().catch(() => undefined)));
  }
}

export type Send = <C extends MessageContract>(contract: C, request: RequestOf<C>) => Promise<ResponseOf<C>>;
