import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per process; every service (and the gateway) exposes it at /metrics. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'ilm_process_' });

export const messagesHandled = new Counter({
  name: 'ilm_messages_total',
  help: 'Messages handled, by service, pattern and outcome (ok, or the error code)',
  labelNames: ['service', 'pattern', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const messageDuration = new Histogram({
  name: 'ilm_message_duration_seconds',
  help: 'Time to handle a message, by service and pattern',
  labelNames: ['service', 'pattern'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

export const lifecycleOperations = new Counter({
  name: 'ilm_lifecycle_operations_total',
  help: 'Lifecycle operations (revert, pull merge) by kind and outcome',
  labelNames: ['kind', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const conflictsFound = new Counter({
  name: 'ilm_pull_conflicts_total',
  help: 'Conflicts found when pulls were opened, by kind',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});
