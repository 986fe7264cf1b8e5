import { Controller, Get, OnApplicationShutdown } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SERVICES } from '@ilm/contracts';
import { QueueProbe, commandsDeadLetterQueue, commandsQueue, commandsRetryQueue, deadLetterQueue, serviceQueue, amqpNamespace } from '@ilm/messaging';
import { Access } from '../auth/access.decorator';
import { ServiceClients } from '../service-clients';

/** What an operator looks at first: is every service ready, and are messages piling up anywhere. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('v1/ops')
export class OpsController implements OnApplicationShutdown {
  private readonly probe = new QueueProbe();

  constructor(private readonly clients: ServiceClients) {}

  @Get('status')
  @Access('ops.read')
  async status() {
    const services = (await this.clients.checkServices()).map((c) => ({ ...c, ready: c.broker && c.database }));
    const names = [
      ...SERVICES.flatMap((s) => [serviceQueue(s), deadLetterQueue(serviceQueue(s))]),
      commandsQueue(),
      commandsRetryQueue(),
      commandsDeadLetterQueue(),
      `${amqpNamespace()}ilm.access.audit`,
      deadLetterQueue(`${amqpNamespace()}ilm.access.audit`),
    ];
    const queues = await Promise.all(names.map(async (name) => ({ name, ...((await this.probe.stats(name)) ?? { messages: null, consumers: null }) })));
    return {
      status: services.every((s) => s.ready) ? 'ready' : 'degraded',
      services,
      queues,
      deadLetters: queues.filter((q) => q.name.endsWith('.dlq')).reduce((n, q) => n + (q.messages ?? 0), 0),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.probe.close();
  }
}
