import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { waitFor } from './net';

export const SERVICE_NAMES = ['access', 'integrations', 'revisions', 'gateway'] as const;
export type StackService = (typeof SERVICE_NAMES)[number];

/** The checkout's root (where package.json is), whether this runs from source or from dist/. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

export function serviceEntry(root: string, name: StackService): string {
  return join(root, 'dist', 'apps', name, 'src', 'main.js');
}

/** Starts one built service as its own process; every output line goes to `onLine`. */
export function spawnService(root: string, name: StackService, env: NodeJS.ProcessEnv, onLine: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, [serviceEntry(root, name)], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout!, child.stderr!]) {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
  }
  return child;
}

/** SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export async function stopProcess(child: ChildProcess | undefined, graceMs = 5000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Ready when the gateway says every service answers and reaches its database. */
export async function waitForReady(gatewayUrl: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    'the gateway and all services to be ready',
    async () => (await fetch(`${gatewayUrl}/health/ready`)).status === 200,
    timeoutMs,
    250,
  );
}
