import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { RmqContext, RpcException } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { Observable, catchError, tap, throwError } from 'rxjs';
import { ZodError } from 'zod';
import { DomainError, ErrorCode, WireError } from '@ilm/contracts';
import { deadLetter, settleSafely } from './dead-letter';
import { withCorrelation } from './correlation';
import { messageDuration, messagesHandled } from './metrics';
import { CORRELATION_HEADER, deadLetterQueue } from './names';

/** Codes that mean the message itself is wrong: it goes to the DLQ for a human to see. */
const DEAD_LETTER_CODES: ReadonlySet<ErrorCode> = new Set(['validation_failed', 'malformed_message', 'internal_error']);

export function toWireError(err: unknown): WireError {
  if (err instanceof DomainError) return err.toWire();
  if (err instanceof ZodError) {
    return {
      code: 'validation_failed',
      message: 'the message does not match its contract',
      details: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  }
  return { code: 'internal_error', message: 'internal error' };
}

/**
 * The only place messages are acked (DESIGN "Messaging"): on success, and on a
 * domain error (a valid answer such as not_found); a malformed message or an
 * unexpected failure is moved to the DLQ. Every error leaves as an RpcException
 * carrying `{code, message, details}`.
 */
@Injectable()
export class AckInterceptor implements NestInterceptor {
  private readonly logger = new Logger('messaging');

  constructor(private readonly service: string) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rmq = context.switchToRpc().getContext<RmqContext>();
    const channel = rmq.getChannelRef() as Channel;
    const message = rmq.getMessage() as ConsumeMessage;
    let settled = false;
    const settle = (wire?: WireError) => {
      if (settled) return;
      settled = true;
      if (wire && DEAD_LETTER_CODES.has(wire.code)) {
        deadLetter(channel, message, deadLetterQueue(message.fields.routingKey), wire.code, wire.message);
      } else {
        settleSafely(() => channel.ack(message));
      }
    };
    const pattern = String(rmq.getPattern());
    const started = process.hrtime.bigint();
    const done = (outcome: string) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      messagesHandled.inc({ service: this.service, pattern, outcome });
      messageDuration.observe({ service: this.service, pattern }, seconds);
      // one line a message, with the request's correlation id (the JSON logger adds it)
      this.logger.log(`${pattern} ${outcome} ${(seconds * 1000).toFixed(1)} ms`);
    };
    const header = message.properties.headers?.[CORRELATION_HEADER];
    const correlationId = typeof header === 'string' && header.length <= 100 ? header : randomUUID();
    // the handler runs inside the message's correlation context: its calls, events and logs carry the id
    const handled = new Observable<unknown>((subscriber) => withCorrelation(correlationId, () => next.handle().subscribe(subscriber)));
    return handled.pipe(
      tap({
        next: () => settle(),
        complete: () => {
          settle();
          withCorrelation(correlationId, () => done('ok'));
        },
      }),
      catchError((err: unknown) => {
        const wire = toWireError(err);
        withCorrelation(correlationId, () => done(wire.code));
        if (wire.code === 'internal_error') {
          // the payload is not logged: it may carry data a log must never hold
          this.logger.error(`${rmq.getPattern()} failed: ${(err as Error)?.stack ?? String(err)}`);
        }
        settle(wire);
        return throwError(() => new RpcException(wire));
      }),
    );
  }
}
