import { LoggerService } from '@nestjs/common';
import { currentCorrelationId } from './correlation';

type Level = 'error' | 'warn' | 'log' | 'debug' | 'verbose' | 'fatal';

/** Nest's start-up chatter, not kept; everything else is one JSON object a line. */
const QUIET_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestMicroservice', 'NestApplication']);

export class JsonLogger implements LoggerService {
  constructor(private readonly service: string) {}

  private write(level: Level, message: unknown, context?: string): void {
    if ((level === 'log' || level === 'debug' || level === 'verbose') && context && QUIET_CONTEXTS.has(context)) return;
    if (level === 'debug' || level === 'verbose') return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, service: this.service, context, correlationId: currentCorrelationId(), msg: String(message) });
    (level === 'error' || level === 'fatal' ? process.stderr : process.stdout).write(line + '\n');
  }

  log(message: unknown, context?: string) {
    this.write('log', message, context);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('verbose', message, context);
  }
  fatal(message: unknown, context?: string) {
    this.write('fatal', message, context);
  }
}
