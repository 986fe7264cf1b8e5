import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListAudit } from '@ilm/contracts';
import { ContractPipe } from '@ilm/messaging';
import { AuditService } from './audit.service';

@Controller()
export class AuditHandlers {
  constructor(private readonly audit: AuditService) {}

  @MessagePattern(ListAudit.pattern)
  list(@Payload(new ContractPipe(ListAudit.Request)) req: ListAudit.Request) {
    return this.audit.list(req);
  }
}
