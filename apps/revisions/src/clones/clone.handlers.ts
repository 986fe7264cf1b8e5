import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CloneIntegration, ExportIntegration, ImportIntegration } from '@ilm/contracts';
import { ContractPipe } from '@ilm/messaging';
import { CloneService } from './clone.service';

@Controller()
export class CloneHandlers {
  constructor(private readonly clones: CloneService) {}

  @MessagePattern(CloneIntegration.pattern)
  clone(@Payload(new ContractPipe(CloneIntegration.Request)) req: CloneIntegration.Request) {
    return this.clones.clone(req.actor, req.sourceIntegrationId, req.name, req.environment);
  }

  @MessagePattern(ExportIntegration.pattern)
  export(@Payload(new ContractPipe(ExportIntegration.Request)) req: ExportIntegration.Request) {
    return this.clones.export(req.actor, req.integrationId);
  }

  @MessagePattern(ImportIntegration.pattern)
  import(@Payload(new ContractPipe(ImportIntegration.Request)) req: ImportIntegration.Request) {
    return this.clones.import(req);
  }
}
