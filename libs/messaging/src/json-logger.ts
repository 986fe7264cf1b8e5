import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { currentCorrelationId } from './correlation';

/** Nest's start-up chatter, not kept; everything else is one JSON object a line. */
const QUIET_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestMicroservice', 'NestApplication']);

/**
 * Nest's logger interface over pino: JSON lines with time, level, service,
 * context and the correlation id of the request or message being handled
 * (read from the async context, so no call site has to pass it).
 */
export class JsonLogger implements LoggerService {
  private readonly pino: Logger;

  constructor(service: string) {
    this.pino = pino({
      base: { service },
      level: process.env.ILM_LOG_LEVEL ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
    });
  }

  log(message: unknown, context?: string) {
    if (context && QUIET_CONTEXTS.has(context)) return;
    this.pino.info({ context }, String(message));
  }
  error(message: unknown, ...rest: unknown[]) {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    this.pino.error({ context }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.pino.trace({ context }, String(message));
  }
  fatal(message: unknown, context?: string) {
    this.pino.fatal({ context }, String(message));
  }
}
