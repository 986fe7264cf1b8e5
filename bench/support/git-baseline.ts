import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timed } from './measure';

/**
 * The same data as one JSON file per resource in a git repository, so each ILM
 * figure sits next to what git takes for the same job on this machine.
 */
export class GitBaseline {
  readonly dir = mkdtempSync(join(tmpdir(), 'ilm-bench-git-'));

  constructor(resources: { key: string }[]) {
    this.git('init', '-q');
    this.git('config', 'user.email', 'bench@localhost');
    this.git('config', 'user.name', 'bench');
    this.git('config', 'commit.gpgsign', 'false');
    for (const r of resources) this.write(r);
    this.git('add', '-A');
    this.git('commit', '-qm', 'base');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  }

  write(resource: { key: string }): void {
    writeFileSync(join(this.dir, `${resource.key}.json`), JSON.stringify(resource, null, 2) + '\n');
  }

  /** `git add -A && git commit`: what taking a snapshot is. */
  async commit(message: string): Promise<number> {
    return (
      await timed(async () => {
        this.git('add', '-A');
        this.git('commit', '-qm', message);
      })
    ).ms;
  }

  async diff(from: string, to: string): Promise<number> {
    return (await timed(async () => this.git('diff', from, to))).ms;
  }

  /** Restores the work tree to an earlier commit: what a revert does to live state. */
  async checkout(rev: string): Promise<number> {
    return (await timed(async () => this.git('checkout', '-q', rev, '--', '.'))).ms;
  }

  head(back = 0): string {
    return this.git('rev-parse', `HEAD~${back}`).trim();
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
