import { ClientRMQ, RmqRecordBuilder } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { TimeoutError, lastValueFrom, timeout } from 'rxjs';
import { ZodError } from 'zod';
import { DomainError, MessageContract, RequestOf, ResponseOf, ServiceName, isWireError } from '@ilm/contracts';
import { toWireError } from './ack.interceptor';
import { currentCorrelationId } from './correlation';
import { QueueProbe } from './queue-probe';
import { CORRELATION_HEADER, DEFAULT_RPC_TIMEOUT_MS, SERVICE_QUEUE_OPTIONS, SOCKET_OPTIONS, amqpUrl, serviceQueue } from './names';

export interface CallOptions {
  correlationId?: string;
  timeoutMs?: number;
}

/**
 * A typed RPC client for one service: callers pass a contract namespace, never a
 * pattern string. The request is validated against the contract before it is
 * sent; every call has a timeout, and the message expires with it, so a request
 * nobody waits for any more is never run later.
 */
export class ServiceClient {
  private readonly client: ClientRMQ;
  private readonly probe = new QueueProbe();

  constructor(
    readonly service: ServiceName,
    private readonly defaultTimeoutMs = Number(process.env.ILM_RPC_TIMEOUT_MS ?? DEFAULT_RPC_TIMEOUT_MS),
  ) {
    this.client = new ClientRMQ({
      urls: [amqpUrl()],
      queue: serviceQueue(service),
      queueOptions: SERVICE_QUEUE_OPTIONS,
      persistent: true,
      socketOptions: SOCKET_OPTIONS,
    });
  }

  async send<C extends MessageContract>(contract: C, request: RequestOf<C>, options: CallOptions = {}): Promise<ResponseOf<C>> {
    let payload: unknown;
    try {
      payload = contract.Request.parse(request);
    } catch (err) {
      if (err instanceof ZodError) {
        const wire = toWireError(err);
        throw new DomainError('validation_failed', 'request is not valid', wire.details);
      }
      throw err;
    }
    if (!(await this.probe.hasConsumers(serviceQueue(this.service)))) {
      throw new DomainError('service_unavailable', `the ${this.service} service is not running, retry later`);
    }
    const ms = options.timeoutMs ?? this.defaultTimeoutMs;
    const record = new RmqRecordBuilder(payload)
      .setOptions({
        expiration: String(ms),
        headers: { [CORRELATION_HEADER]: options.correlationId ?? currentCorrelationId() ?? randomUUID() },
      })
      .build();
    try {
      return await lastValueFrom(this.client.send(contract.pattern, record).pipe(timeout(ms)));
    } catch (err) {
      throw this.toDomainError(err);
    }
  }

  private toDomainError(err: unknown): DomainError {
    if (err instanceof DomainError) return err;
    if (err instanceof TimeoutError) {
      return new DomainError('service_unavailable', `the ${this.service} service did not answer in time, retry later`);
    }
    if (isWireError(err)) return new DomainError(err.code, err.message, err.details);
    // broker down: Nest hands over a string such as 'Error: Connection lost...'
    return new DomainError('service_unavailable', `the ${this.service} service cannot be reached, retry later`);
  }

  async close(): Promise<void> {
    await this.probe.close();
    await this.client.close();
  }
}
