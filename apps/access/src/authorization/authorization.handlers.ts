import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthorizeRequest } from '@ilm/contracts';
import { ContractPipe } from '@ilm/messaging';
import { AuthorizationService } from './authorization.service';

@Controller()
export class AuthorizationHandlers {
  constructor(private readonly authorization: AuthorizationService) {}

  @MessagePattern(AuthorizeRequest.pattern)
  authorize(@Payload(new ContractPipe(AuthorizeRequest.Request)) req: AuthorizeRequest.Request) {
    return this.authorization.authorize(req);
  }
}
