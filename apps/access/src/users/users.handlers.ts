import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateUser, CreateWorkspace, ListUsers, UpdateUser } from '@ilm/contracts';
import { ContractPipe } from '@ilm/messaging';
import { DenialAuditInterceptor } from '../audit/denial-audit.interceptor';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { UsersService } from './users.service';

@Controller()
@UseInterceptors(DenialAuditInterceptor)
export class UsersHandlers {
  constructor(
    private readonly users: UsersService,
    private readonly workspaces: WorkspacesService,
  ) {}

  @MessagePattern(CreateWorkspace.pattern)
  createWorkspace(@Payload(new ContractPipe(CreateWorkspace.Request)) req: CreateWorkspace.Request) {
    return this.workspaces.create(req);
  }

  @MessagePattern(CreateUser.pattern)
  create(@Payload(new ContractPipe(CreateUser.Request)) req: CreateUser.Request) {
    return this.users.create(req);
  }

  @MessagePattern(UpdateUser.pattern)
  update(@Payload(new ContractPipe(UpdateUser.Request)) req: UpdateUser.Request) {
    return this.users.update(req);
  }

  @MessagePattern(ListUsers.pattern)
  list(@Payload(new ContractPipe(ListUsers.Request)) req: ListUsers.Request) {
    return this.users.list(req.actor);
  }
}
