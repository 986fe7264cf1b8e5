import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { SERVICES, ServiceName, healthContract } from '@ilm/contracts';
import { ServiceClient } from '@ilm/messaging';

/** A readiness check waits no longer than this for a service. */
const CHECK_TIMEOUT_MS = 1500;

/** One typed client per service; the gateway never writes a pattern string. */
@Injectable()
export class ServiceClients implements OnApplicationShutdown {
  readonly integrations = new ServiceClient('integrations');
  readonly revisions = new ServiceClient('revisions');
  readonly access = new ServiceClient('access');

  byName(name: ServiceName): ServiceClient {
    return this[name];
  }

  /** Whether each service answers over the broker and reaches its database (readiness, ops status). */
  checkServices(): Promise<{ service: ServiceName; broker: boolean; database: boolean }[]> {
    return Promise.all(
      SERVICES.map(async (service) => {
        try {
          const report = await this.byName(service).send(healthContract(service), {}, { timeoutMs: CHECK_TIMEOUT_MS });
          return { service, broker: true, database: report.database };
        } catch {
          return { service, broker: false, database: false };
        }
      }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.integrations, this.revisions, this.access].map((c) => c.close().catch(() => undefined)));
  }
}
