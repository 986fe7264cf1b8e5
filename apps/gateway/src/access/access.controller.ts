import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateToken, CreateUser, CreateWorkspace, ListAudit, ListUsers, RevokeToken, UpdateUser } from '@ilm/contracts';
import { Access } from '../auth/access.decorator';
import { IlmRequest } from '../http/request-context';
import { ServiceClients } from '../service-clients';
import { ApiBodyOf } from '../http/api-body';

type Json = Record<string, unknown>;
const obj = (body: unknown): Json => (body && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : {});

/** People, tokens, workspaces and the audit log (SPEC §5). */
@ApiTags('access')
@ApiBearerAuth()
@Controller('v1')
export class AccessController {
  constructor(private readonly clients: ServiceClients) {}

  private send: ServiceClients['access']['send'] = (contract, request, options) => this.clients.access.send(contract, request, options);

  @Post('workspaces')
  @Access('workspace.create')
  @ApiBodyOf(CreateWorkspace.Request.omit({ actor: true }))
  createWorkspace(@Req() req: IlmRequest, @Body() body: unknown) {
    return this.send(CreateWorkspace, { ...obj(body), actor: req.actor! } as CreateWorkspace.Request);
  }

  @Post('users')
  @Access('user.write')
  @ApiBodyOf(CreateUser.Request.omit({ actor: true }))
  createUser(@Req() req: IlmRequest, @Body() body: unknown) {
    return this.send(CreateUser, { ...obj(body), actor: req.actor! } as CreateUser.Request);
  }

  @Get('users')
  @Access('user.read')
  listUsers(@Req() req: IlmRequest) {
    return this.send(ListUsers, { actor: req.actor! });
  }

  @Patch('users/:userId')
  @Access('user.write')
  @ApiBodyOf(UpdateUser.Request.shape.patch)
  updateUser(@Req() req: IlmRequest, @Param('userId') userId: string, @Body() body: unknown) {
    return this.send(UpdateUser, { actor: req.actor!, userId, patch: obj(body) as UpdateUser.Request['patch'] });
  }

  @Post('tokens')
  @Access('token.create')
  @ApiBodyOf(CreateToken.Request.omit({ actor: true }))
  createToken(@Req() req: IlmRequest, @Body() body: unknown) {
    return this.send(CreateToken, { ...obj(body), actor: req.actor! } as CreateToken.Request);
  }

  @Delete('tokens/:tokenId')
  @HttpCode(200)
  @Access('token.revoke')
  revokeToken(@Req() req: IlmRequest, @Param('tokenId') tokenId: string) {
    return this.send(RevokeToken, { actor: req.actor!, tokenId });
  }

  @Get('audit')
  @Access('audit.read')
  audit(@Req() req: IlmRequest, @Query() query: Json) {
    return this.send(ListAudit, { ...query, actor: req.actor! } as ListAudit.Request);
  }
}
