import { Counter, Histogram } from 'prom-client';
import { metricsRegistry as registry } from '@ilm/messaging';

export const httpDuration = new Histogram({
  name: 'ilm_http_request_duration_seconds',
  help: 'HTTP request latency by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const httpErrors = new Counter({
  name: 'ilm_http_errors_total',
  help: 'HTTP responses with status >= 400 by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});
