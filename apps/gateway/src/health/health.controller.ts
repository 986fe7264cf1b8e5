import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ServiceClients } from '../service-clients';
import { metricsRegistry as registry } from '@ilm/messaging';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(private readonly clients: ServiceClients) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Ready when every service answers over the broker and reaches its database. */
  @Get('health/ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const checks = await this.clients.checkServices();
    const ok = checks.every((c) => c.broker && c.database);
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ready' : 'not_ready', services: checks };
  }

  @Get('metrics')
  @Header('Content-Type', registry.contentType)
  metrics() {
    return registry.metrics();
  }
}
