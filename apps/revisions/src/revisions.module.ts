import { Module } from '@nestjs/common';
import { OutboxModule, outboxMigrations } from '@ilm/outbox';
import { StorageModule, healthHandlersFor } from '@ilm/storage';
import { CloneHandlers } from './clones/clone.handlers';
import { CloneService } from './clones/clone.service';
import { IntegrationsClient } from './integrations.client';
import { OperationRecovery } from './operations/operation-recovery';
import { PullHandlers } from './pulls/pull.handlers';
import { PullPreviewer } from './pulls/pull-preview';
import { PullService } from './pulls/pull.service';
import { PullsRepository } from './pulls/pulls.repository';
import { RevertService } from './reverts/revert.service';
import { RevertsRepository } from './reverts/reverts.repository';
import { OperationLocks } from './revisions/operation-locks';
import { RevisionQueryService } from './revisions/revision-query.service';
import { RevisionHandlers } from './revisions/revision.handlers';
import { REVISIONS_MIGRATIONS, REVISIONS_SCHEMA } from './revisions/revisions.migrations';
import { RevisionsRepository } from './revisions/revisions.repository';
import { SnapshotService } from './revisions/snapshot.service';
import { StateStore } from './state/state-store';

@Module({
  imports: [
    StorageModule.forService({ schema: REVISIONS_SCHEMA, migrations: [...REVISIONS_MIGRATIONS, ...outboxMigrations(REVISIONS_SCHEMA)], objects: true }),
    OutboxModule.forSchema(REVISIONS_SCHEMA),
  ],
  controllers: [RevisionHandlers, PullHandlers, CloneHandlers, healthHandlersFor('revisions')],
  providers: [
    IntegrationsClient,
    RevisionsRepository,
    RevertsRepository,
    OperationLocks,
    StateStore,
    SnapshotService,
    RevisionQueryService,
    RevertService,
    PullsRepository,
    PullPreviewer,
    PullService,
    CloneService,
    OperationRecovery,
  ],
})
export class RevisionsModule {}
