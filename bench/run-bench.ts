/**
 * `npm run bench`: starts the real services (as the e2e tests do: a fresh
 * database on the machine's PostgreSQL, queues under a namespace of their own),
 * runs every benchmark through the gateway, prints one table and writes the
 * figures to bench/results/. Not a test: nothing here asserts a time.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../scripts/stack/services';
import { Api } from '../test/support/api';
import { Stack } from '../test/support/stack';
import { foundationBench } from './foundation.bench';
import { pullBench } from './pull.bench';
import { Row, rssMiB, table, writeResults } from './support/measure';

const RESULTS = join(projectRoot(), 'bench', 'results');

async function main(): Promise<void> {
  const stack = await Stack.start();
  const peakRss: Record<string, number> = {};
  const sampleRss = () => {
    for (const [name, child] of stack.children) {
      const mib = rssMiB(child.pid);
      if (mib !== undefined) peakRss[name] = Math.max(peakRss[name] ?? 0, mib);
    }
  };
  const sampler = setInterval(sampleRss, 200);
  const started = new Date().toISOString();
  let rows: Row[] = [];
  let notes: string[] = [];
  try {
    const api = new Api(stack.url, stack.token);
    const pulls = await pullBench(api);
    rows = [...(await foundationBench(api)), ...pulls.rows];
    notes = pulls.notes;
  } finally {
    clearInterval(sampler);
    sampleRss();
    await stack.stop();
  }

  const rss = Object.entries(peakRss).map(([service, mib]) => `${service} ${mib.toFixed(0)} MiB`).join(', ');
  const text = `${table(rows)}\n\n${notes.map((n) => `${n}\n`).join('')}peak RSS: ${rss} (limit 512 MiB each)\n`;
  process.stdout.write(`\n${text}`);
  writeResults(join(RESULTS, 'latest.json'), { started, machine: { cpus: cpus().length, node: process.version }, rows, notes, peakRssMiB: peakRss });
  writeFileSync(join(RESULTS, 'latest.txt'), `${started}\n${text}`);
}

main().catch((err) => {
  console.error(`bench failed: ${(err as Error)?.stack ?? err}`);
  process.exit(1);
});
