import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ApprovePull,
  CancelPull,
  GetPull,
  MergePull,
  OpenPull,
  ResolvePull,
} from '@ilm/contracts';
import { Access, AccessVia } from '../auth/access.decorator';
import { IlmRequest } from '../http/request-context';
import { IntegrationOperations } from '../operations/integration-operations';
import { ServiceClients } from '../service-clients';
import { ApiBodyOf } from '../http/api-body';

type Json = Record<string, unknown>;
const obj = (body: unknown): Json => (body && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : {});

/** Pulls (SPEC §4): open with a preview, resolve conflicts, approve, merge or cancel. */
@ApiTags('pulls')
@ApiBearerAuth()
@Controller('v1')
export class PullsController {
  constructor(
    private readonly clients: ServiceClients,
    private readonly operations: IntegrationOperations,
  ) {}

  private send: ServiceClients['revisions']['send'] = (contract, request, options) => this.clients.revisions.send(contract, request, options);

  @Post('integrations/:id/pulls')
  @Access('pull.create', 'id', 'remoteIntegrationId')
  @ApiBodyOf(OpenPull.Request.pick({ remoteIntegrationId: true, description: true }))
  open(@Req() req: IlmRequest, @Param('id') id: string, @Body() body: unknown) {
    const b = obj(body);
    return this.operations.openPull(req.actor!, id, b.remoteIntegrationId, b.description);
  }

  @Get('pulls/:id')
  @AccessVia('pull.read', 'pull', 'id')
  get(@Req() req: IlmRequest, @Param('id') id: string) {
    return this.send(GetPull, { actor: req.actor!, pullId: id });
  }

  @Put('pulls/:id/resolutions')
  @AccessVia('pull.resolve', 'pull', 'id')
  @ApiBodyOf(ResolvePull.Request.pick({ resolutions: true }))
  resolve(@Req() req: IlmRequest, @Param('id') id: string, @Body() body: unknown) {
    return this.send(ResolvePull, { actor: req.actor!, pullId: id, resolutions: obj(body).resolutions } as ResolvePull.Request);
  }

  @Post('pulls/:id/approvals')
  @AccessVia('pull.approve', 'pull', 'id')
  @ApiBodyOf(ApprovePull.Request.pick({ previewHash: true }))
  approve(@Req() req: IlmRequest, @Param('id') id: string, @Body() body: unknown) {
    return this.send(ApprovePull, { actor: req.actor!, pullId: id, previewHash: obj(body).previewHash } as ApprovePull.Request);
  }

  @Post('pulls/:id/merge')
  @HttpCode(200)
  @AccessVia('pull.merge', 'pull', 'id')
  @ApiBodyOf(MergePull.Request.pick({ previewHash: true }))
  merge(@Req() req: IlmRequest, @Param('id') id: string, @Body() body: unknown) {
    return this.operations.mergePull(req.actor!, id, obj(body).previewHash);
  }

  @Post('pulls/:id/cancel')
  @HttpCode(200)
  @AccessVia('pull.cancel', 'pull', 'id')
  cancel(@Req() req: IlmRequest, @Param('id') id: string) {
    return this.send(CancelPull, { actor: req.actor!, pullId: id });
  }
}
