import { createServer, Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { metricsRegistry } from './metrics';

export interface Readiness {
  broker: boolean;
  database: boolean;
}

/**
 * A service's operations endpoints on their own port: `/health/live`,
 * `/health/ready` (broker and database reachable) and `/metrics`. No data is
 * behind them, so they answer without a token (SPEC §5).
 */
export function startOpsServer(service: string, port: number, ready: () => Promise<Readiness>): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    void (async () => {
      if (req.url === '/health/live') return send(200, JSON.stringify({ status: 'ok', service }));
      if (req.url === '/health/ready') {
        const checks = await ready().catch(() => ({ broker: false, database: false }));
        const ok = checks.broker && checks.database;
        return send(ok ? 200 : 503, JSON.stringify({ status: ok ? 'ready' : 'not_ready', service, ...checks }));
      }
      if (req.url === '/metrics') return send(200, await metricsRegistry.metrics(), metricsRegistry.contentType);
      send(404, JSON.stringify({ error: { code: 'not_found', message: 'no such route' } }));
    })().catch(() => send(500, JSON.stringify({ error: { code: 'internal_error', message: 'internal error' } })));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, process.env.ILM_OPS_HOST ?? '127.0.0.1', () => {
      new Logger(service).log(`operations endpoints on http://127.0.0.1:${port} (/health/live, /health/ready, /metrics)`);
      resolve(server);
    });
  });
}
