import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Row {
  name: string;
  samples: number;
  medianMs: number;
  p90Ms: number;
  targetMs?: number;
  /** the same operation done by git on the same data, measured in the same run */
  gitMedianMs?: number;
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

export function row(name: string, samples: number[], extra: Partial<Row> = {}): Row {
  return { name, samples: samples.length, medianMs: quantile(samples, 0.5), p90Ms: quantile(samples, 0.9), ...extra };
}

const fmt = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(1));

/** A plain-text table: what `npm run bench` prints. */
export function table(rows: Row[]): string {
  const head = ['operation', 'n', 'median ms', 'p90 ms', 'target ms', 'git ms', 'verdict'];
  const body = rows.map((r) => [
    r.name,
    String(r.samples),
    fmt(r.medianMs),
    fmt(r.p90Ms),
    r.targetMs === undefined ? '-' : `≤ ${r.targetMs}`,
    fmt(r.gitMedianMs),
    r.targetMs === undefined ? '' : r.medianMs <= r.targetMs ? 'ok' : 'MISS',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function writeResults(file: string, data: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
}
