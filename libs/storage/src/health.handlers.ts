import { Controller, Inject, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Pool } from 'pg';
import { HealthReport, ServiceName, healthContract } from '@ilm/contracts';
import { isDatabaseReachable } from './database';

/** The health handler of a service that owns a database schema. */
export function healthHandlersFor(service: ServiceName): Type<unknown> {
  @Controller()
  class HealthHandlers {
    constructor(@Inject(Pool) private readonly pool: Pool) {}

    @MessagePattern(healthContract(service).pattern)
    async check(): Promise<HealthReport> {
      return { service, database: await isDatabaseReachable(this.pool) };
    }
  }
  return HealthHandlers;
}
