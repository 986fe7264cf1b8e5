import { z } from 'zod';
import { responseOf } from './contract';
import { ServiceName } from './services';

export interface HealthReport {
  service: ServiceName;
  database: boolean;
}

/** Each service answers `<service>.health.check`; the gateway's readiness asks all of them. */
export function healthContract(service: ServiceName) {
  return {
    pattern: `${service}.health.check`,
    Request: z.object({}),
    response: responseOf<HealthReport>(),
  };
}
