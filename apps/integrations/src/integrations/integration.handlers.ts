import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CommitLiveState,
  CreateIntegration,
  DeleteIntegration,
  DeleteResource,
  GetIntegration,
  GetLiveState,
  GetResource,
  ListIntegrations,
  ListReferences,
  PutResource,
  UpdateIntegration,
} from '@ilm/contracts';
import { ContractPipe } from '@ilm/messaging';
import { IntegrationService } from './integration.service';

@Controller()
export class IntegrationHandlers {
  constructor(private readonly integrations: IntegrationService) {}

  @MessagePattern(CreateIntegration.pattern)
  create(@Payload(new ContractPipe(CreateIntegration.Request)) req: CreateIntegration.Request) {
    return this.integrations.create(req);
  }

  @MessagePattern(ListIntegrations.pattern)
  list(@Payload(new ContractPipe(ListIntegrations.Request)) req: ListIntegrations.Request) {
    return this.integrations.list(req);
  }

  @MessagePattern(GetIntegration.pattern)
  get(@Payload(new ContractPipe(GetIntegration.Request)) req: GetIntegration.Request) {
    return this.integrations.get(req.actor, req.integrationId);
  }

  @MessagePattern(UpdateIntegration.pattern)
  update(@Payload(new ContractPipe(UpdateIntegration.Request)) req: UpdateIntegration.Request) {
    return this.integrations.update(req);
  }

  @MessagePattern(DeleteIntegration.pattern)
  remove(@Payload(new ContractPipe(DeleteIntegration.Request)) req: DeleteIntegration.Request) {
    return this.integrations.remove(req.actor, req.integrationId, req.ifMatch);
  }

  @MessagePattern(GetResource.pattern)
  getResource(@Payload(new ContractPipe(GetResource.Request)) req: GetResource.Request) {
    return this.integrations.getResource(req.actor, req.integrationId, req.key);
  }

  @MessagePattern(PutResource.pattern)
  putResource(@Payload(new ContractPipe(PutResource.Request)) req: PutResource.Request) {
    return this.integrations.putResource(req);
  }

  @MessagePattern(DeleteResource.pattern)
  deleteResource(@Payload(new ContractPipe(DeleteResource.Request)) req: DeleteResource.Request) {
    return this.integrations.deleteResource(req.actor, req.integrationId, req.key, req.ifMatch);
  }

  @MessagePattern(ListReferences.pattern)
  references(@Payload(new ContractPipe(ListReferences.Request)) req: ListReferences.Request) {
    return this.integrations.references(req.actor, req.integrationId, req.key);
  }

  @MessagePattern(GetLiveState.pattern)
  liveState(@Payload(new ContractPipe(GetLiveState.Request)) req: GetLiveState.Request) {
    return this.integrations.liveState(req.actor, req.integrationId);
  }

  @MessagePattern(CommitLiveState.pattern)
  commit(@Payload(new ContractPipe(CommitLiveState.Request)) req: CommitLiveState.Request) {
    return this.integrations.commitHead(req);
  }
}
