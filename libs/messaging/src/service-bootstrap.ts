import { INestMicroservice, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ServiceName } from '@ilm/contracts';
import { AckInterceptor } from './ack.interceptor';
import { JsonLogger } from './json-logger';
import { startOpsServer } from './ops-server';
import { IlmRmqServer } from './rmq-server';
import { SERVICE_QUEUE_OPTIONS, SOCKET_OPTIONS, amqpUrl, serviceQueue } from './names';

export interface ServiceOptions {
  /** whether the service's database answers, for /health/ready */
  databaseReady?: (app: INestMicroservice) => Promise<boolean>;
}

/** Starts one service as a Nest microservice on its durable queue, with manual acks; `ILM_OPS_PORT` adds health and metrics. */
export async function bootstrapService(service: ServiceName, module: Type<unknown>, options: ServiceOptions = {}): Promise<INestMicroservice> {
  guardProcess(service);
  const server = new IlmRmqServer({
    urls: [amqpUrl()],
    queue: serviceQueue(service),
    queueOptions: SERVICE_QUEUE_OPTIONS,
    noAck: false,
    prefetchCount: Number(process.env.ILM_PREFETCH ?? 32),
    socketOptions: SOCKET_OPTIONS,
  });
  const app = await NestFactory.createMicroservice(module, {
    strategy: server,
    logger: new JsonLogger(service),
    bufferLogs: false,
  });
  app.useGlobalInterceptors(new AckInterceptor(service));
  app.enableShutdownHooks();
  await app.listen();
  new Logger(service).log(`listening on queue ${serviceQueue(service)}`);
  const opsPort = Number(process.env.ILM_OPS_PORT ?? 0);
  if (opsPort > 0) {
    const ops = await startOpsServer(service, opsPort, async () => ({
      broker: server.brokerConnected(),
      database: options.databaseReady ? await options.databaseReady(app) : true,
    }));
    ops.unref(); // it never keeps a stopping service alive
  }
  return app;
}

/**
 * amqplib rejects what was in flight when the broker goes away (pending
 * confirms, closing channels); the connection managers reconnect by
 * themselves, so such a rejection is logged, never fatal.
 */
export function guardProcess(service: string): void {
  const logger = new Logger(service);
  process.on('unhandledRejection', (reason) => logger.warn(`unhandled rejection: ${(reason as Error)?.message ?? String(reason)}`));
}
