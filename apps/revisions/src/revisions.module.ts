import { Module } from '@nestjs/common';
import { EventPublisher } from '@ilm/messaging';
import { StorageModule, healthHandlersFor } from '@ilm/storage';
import { IntegrationsClient } from './integrations.client';
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
  imports: [StorageModule.forService({ schema: REVISIONS_SCHEMA, migrations: REVISIONS_MIGRATIONS, objects: true })],
  controllers: [RevisionHandlers, healthHandlersFor('revisions')],
  providers: [
    EventPublisher,
    IntegrationsClient,
    RevisionsRepository,
    RevertsRepository,
    OperationLocks,
    StateStore,
    SnapshotService,
    RevisionQueryService,
    RevertService,
  ],
})
export class RevisionsModule {}
