import { INestMicroservice, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ServiceName } from '@ilm/contracts';
import { AckInterceptor } from './ack.interceptor';
import { JsonLogger } from './json-logger';
import { IlmRmqServer } from './rmq-server';
import { SERVICE_QUEUE_OPTIONS, SOCKET_OPTIONS, amqpUrl, serviceQueue } from './names';

/** Starts one service as a Nest microservice on its durable queue, with manual acks. */
export async function bootstrapService(service: ServiceName, module: Type<unknown>): Promise<INestMicroservice> {
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
  app.useGlobalInterceptors(new AckInterceptor());
  app.enableShutdownHooks();
  await app.listen();
  new Logger(service).log(`listening on queue ${serviceQueue(service)}`);
  return app;
}
