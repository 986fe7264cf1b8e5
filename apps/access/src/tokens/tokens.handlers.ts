import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateToken, RevokeToken } from '@ilm/contracts';
import { ContractPipe } from '@ilm/messaging';
import { DenialAuditInterceptor } from '../audit/denial-audit.interceptor';
import { TokensService } from './tokens.service';

@Controller()
@UseInterceptors(DenialAuditInterceptor)
export class TokensHandlers {
  constructor(private readonly tokens: TokensService) {}

  @MessagePattern(CreateToken.pattern)
  create(@Payload(new ContractPipe(CreateToken.Request)) req: CreateToken.Request) {
    return this.tokens.create(req);
  }

  @MessagePattern(RevokeToken.pattern)
  revoke(@Payload(new ContractPipe(RevokeToken.Request)) req: RevokeToken.Request) {
    return this.tokens.revoke(req);
  }
}
