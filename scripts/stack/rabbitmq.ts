import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { canConnect, sleep } from './net';

export const RABBITMQ_HINT =
  'No RabbitMQ on 127.0.0.1:5672 and no rabbitmq-server installed: install it (sudo apt-get install -y rabbitmq-server) or run `docker compose -f docker/compose.yml up -d rabbitmq`, or set AMQP_URL.';

export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Makes sure a broker answers on 127.0.0.1:5672. Returns the process it started
 * (to be stopped with the stack), or undefined if one was already running.
 */
export async function ensureLocalRabbit(log: (line: string) => void): Promise<ChildProcess | undefined> {
  if (await canConnect('127.0.0.1', 5672)) return undefined;
  if (!hasCommand('rabbitmq-server')) throw new Error(RABBITMQ_HINT);
  log('starting rabbitmq-server ...');
  const child = spawn('rabbitmq-server', [], { stdio: 'ignore' });
  for (let i = 0; i < 120; i++) {
    if (spawnSync('rabbitmqctl', ['await_startup', '--timeout', '5'], { stdio: 'ignore' }).status === 0) return child;
    if (child.exitCode !== null) break;
    await sleep(500);
  }
  child.kill('SIGTERM');
  throw new Error('rabbitmq-server did not start; see its logs under /var/log/rabbitmq');
}
