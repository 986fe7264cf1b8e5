import { Body, Controller, Delete, Get, Param, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DeleteGrant, DomainError, GetLiveState, ListGrants, PutGrant, isUuid } from '@ilm/contracts';
import { Access } from '../auth/access.decorator';
import { IlmRequest } from '../http/request-context';
import { ServiceClients } from '../service-clients';
import { ApiBodyOf } from '../http/api-body';

/** Grants of members on one integration; owners and admins only. */
@ApiTags('access')
@ApiBearerAuth()
@Controller('v1/integrations/:id/grants')
export class GrantsController {
  constructor(private readonly clients: ServiceClients) {}

  /** A grant is only given on an integration of the caller's workspace that exists. */
  private async mustExist(req: IlmRequest, id: string): Promise<void> {
    const live = isUuid(id) ? await this.clients.integrations.send(GetLiveState, { actor: req.actor!, integrationId: id }) : undefined;
    if (!live || live.deleted) throw new DomainError('not_found', 'integration not found');
  }

  @Get()
  @Access('grant.read', 'id')
  async list(@Req() req: IlmRequest, @Param('id') id: string) {
    await this.mustExist(req, id);
    return this.clients.access.send(ListGrants, { actor: req.actor!, integrationId: id });
  }

  @Put(':userId')
  @Access('grant.write', 'id')
  @ApiBodyOf(PutGrant.Request.pick({ level: true }))
  async put(@Req() req: IlmRequest, @Param('id') id: string, @Param('userId') userId: string, @Body() body: unknown) {
    await this.mustExist(req, id);
    const level = body && typeof body === 'object' ? (body as { level?: unknown }).level : undefined;
    return this.clients.access.send(PutGrant, { actor: req.actor!, integrationId: id, userId, level } as PutGrant.Request);
  }

  @Delete(':userId')
  @Access('grant.write', 'id')
  async remove(@Req() req: IlmRequest, @Param('id') id: string, @Param('userId') userId: string) {
    await this.mustExist(req, id);
    return this.clients.access.send(DeleteGrant, { actor: req.actor!, integrationId: id, userId });
  }
}
