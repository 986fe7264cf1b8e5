import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApplyRevert, CreateSnapshot, DiffRevisions, GetRevert, GetRevision, ListRevisions, PreviewRevert, ResolveTarget } from '@ilm/contracts';
import { ContractPipe } from '@ilm/messaging';
import { PullService } from '../pulls/pull.service';
import { RevertService } from '../reverts/revert.service';
import { RevisionQueryService } from './revision-query.service';
import { SnapshotService } from './snapshot.service';
import { toRevisionView } from './revisions.repository';

@Controller()
export class RevisionHandlers {
  constructor(
    private readonly snapshots: SnapshotService,
    private readonly queries: RevisionQueryService,
    private readonly reverts: RevertService,
    private readonly pulls: PullService,
  ) {}

  @MessagePattern(CreateSnapshot.pattern)
  async snapshot(@Payload(new ContractPipe(CreateSnapshot.Request)) req: CreateSnapshot.Request) {
    return toRevisionView(await this.snapshots.snapshot(req.actor, req.integrationId, req.description));
  }

  @MessagePattern(ListRevisions.pattern)
  list(@Payload(new ContractPipe(ListRevisions.Request)) req: ListRevisions.Request) {
    return this.queries.list(req.actor, req.integrationId, req.cursor, req.limit);
  }

  @MessagePattern(GetRevision.pattern)
  get(@Payload(new ContractPipe(GetRevision.Request)) req: GetRevision.Request) {
    return this.queries.get(req.actor, req.revisionId);
  }

  @MessagePattern(DiffRevisions.pattern)
  diff(@Payload(new ContractPipe(DiffRevisions.Request)) req: DiffRevisions.Request) {
    return this.queries.diff(req.actor, req.revisionId, req.against);
  }

  @MessagePattern(ResolveTarget.pattern)
  async resolve(@Payload(new ContractPipe(ResolveTarget.Request)) req: ResolveTarget.Request): Promise<ResolveTarget.Response> {
    if (req.kind === 'pull') return { integrationId: await this.pulls.integrationOf(req.actor, req.id) };
    const found = req.kind === 'revision' ? await this.queries.find(req.actor, req.id) : await this.reverts.get(req.actor, req.id);
    return { integrationId: found.integrationId };
  }

  @MessagePattern(PreviewRevert.pattern)
  previewRevert(@Payload(new ContractPipe(PreviewRevert.Request)) req: PreviewRevert.Request) {
    return this.reverts.preview(req.actor, req.integrationId, req.revisionId);
  }

  @MessagePattern(GetRevert.pattern)
  getRevert(@Payload(new ContractPipe(GetRevert.Request)) req: GetRevert.Request) {
    return this.reverts.get(req.actor, req.revertId);
  }

  @MessagePattern(ApplyRevert.pattern)
  applyRevert(@Payload(new ContractPipe(ApplyRevert.Request)) req: ApplyRevert.Request) {
    return this.reverts.apply(req.actor, req.revertId, req.previewHash);
  }
}
