import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApprovePull, CancelPull, GetPull, MergePull, OpenPull, ResolvePull } from '@ilm/contracts';
import { ContractPipe } from '@ilm/messaging';
import { PullService } from './pull.service';

@Controller()
export class PullHandlers {
  constructor(private readonly pulls: PullService) {}

  @MessagePattern(OpenPull.pattern)
  open(@Payload(new ContractPipe(OpenPull.Request)) req: OpenPull.Request) {
    return this.pulls.open(req.actor, req.integrationId, req.remoteIntegrationId, req.description);
  }

  @MessagePattern(GetPull.pattern)
  get(@Payload(new ContractPipe(GetPull.Request)) req: GetPull.Request) {
    return this.pulls.get(req.actor, req.pullId);
  }

  @MessagePattern(ResolvePull.pattern)
  resolve(@Payload(new ContractPipe(ResolvePull.Request)) req: ResolvePull.Request) {
    return this.pulls.resolve(req);
  }

  @MessagePattern(ApprovePull.pattern)
  approve(@Payload(new ContractPipe(ApprovePull.Request)) req: ApprovePull.Request) {
    return this.pulls.approve(req.actor, req.pullId, req.previewHash);
  }

  @MessagePattern(MergePull.pattern)
  merge(@Payload(new ContractPipe(MergePull.Request)) req: MergePull.Request) {
    return this.pulls.merge(req.actor, req.pullId, req.previewHash);
  }

  @MessagePattern(CancelPull.pattern)
  cancel(@Payload(new ContractPipe(CancelPull.Request)) req: CancelPull.Request) {
    return this.pulls.cancel(req.actor, req.pullId);
  }
}
