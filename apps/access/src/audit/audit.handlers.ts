import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListAudit } from '@ilm/contracts';
import { ContractPipe } from '@ilm/messaging';
import { DenialAuditInterceptor } from './denial-audit.interceptor';
import { AuditService } from './audit.service';

@Controller()
@UseInterceptors(DenialAuditInterceptor)
export class AuditHandlers {
  constructor(private readonly audit: AuditService) {}

  @MessagePattern(ListAudit.pattern)
  list(@Payload(new ContractPipe(ListAudit.Request)) req: ListAudit.Request) {
    return this.audit.list(req);
  }
}
