import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PullService } from '../pulls/pull.service';
import { RevertService } from '../reverts/revert.service';
import { OperationLocks } from '../revisions/operation-locks';
import { RevisionsRepository } from '../revisions/revisions.repository';

/** After this long an unfinished operation is taken to be orphaned (its caller has given up or crashed). */
const RECOVER_AFTER_MS = Number(process.env.ILM_RECOVER_AFTER_MS ?? 10_000);
const INTERVAL_MS = Math.max(200, Math.min(5_000, RECOVER_AFTER_MS / 2));

/**
 * Settles lifecycle operations (reverts, pull merges) interrupted by a crash or
 * a lost caller: each is replayed with its own operation id, which the
 * integrations service applies at most once, then its lock is released.
 */
@Injectable()
export class OperationRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('recovery');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly revisions: RevisionsRepository,
    private readonly locks: OperationLocks,
    private readonly reverts: RevertService,
    private readonly pulls: PullService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.recover(), INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async recover(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const revision of await this.revisions.inProgress(RECOVER_AFTER_MS)) {
        if (!revision.operationId) continue;
        try {
          await (revision.type === 'pull' ? this.pulls.resume(revision) : this.reverts.resume(revision));
          this.logger.log(`settled interrupted ${revision.type} ${revision.id}`);
        } catch {
          continue; // a service is still away: the lock stays, the next round tries again
        }
        await this.locks.release(revision.workspaceId, revision.integrationId, revision.operationId);
      }
      // a lock whose holder died before recording its revision guards nothing
      for (const lock of await this.locks.olderThan(RECOVER_AFTER_MS)) {
        if (!(await this.revisions.hasInProgress(lock.workspaceId, lock.operationId))) {
          await this.locks.release(lock.workspaceId, lock.integrationId, lock.operationId);
        }
      }
    } catch {
      /* the database is away: next round */
    } finally {
      this.running = false;
    }
  }
}
