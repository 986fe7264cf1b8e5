import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DeleteGrant, GrantCreator, ListGrants, PutGrant } from '@ilm/contracts';
import { ContractPipe } from '@ilm/messaging';
import { DenialAuditInterceptor } from '../audit/denial-audit.interceptor';
import { GrantsService } from './grants.service';

@Controller()
@UseInterceptors(DenialAuditInterceptor)
export class GrantsHandlers {
  constructor(private readonly grants: GrantsService) {}

  @MessagePattern(PutGrant.pattern)
  put(@Payload(new ContractPipe(PutGrant.Request)) req: PutGrant.Request) {
    return this.grants.put(req);
  }

  @MessagePattern(DeleteGrant.pattern)
  remove(@Payload(new ContractPipe(DeleteGrant.Request)) req: DeleteGrant.Request) {
    return this.grants.remove(req);
  }

  @MessagePattern(GrantCreator.pattern)
  grantCreator(@Payload(new ContractPipe(GrantCreator.Request)) req: GrantCreator.Request) {
    return this.grants.grantCreator(req.actor, req.integrationId);
  }

  @MessagePattern(ListGrants.pattern)
  list(@Payload(new ContractPipe(ListGrants.Request)) req: ListGrants.Request) {
    return this.grants.list(req.actor, req.integrationId);
  }
}
