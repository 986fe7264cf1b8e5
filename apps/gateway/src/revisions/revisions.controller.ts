import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ApplyRevert,
  CreateSnapshot,
  DiffRevisions,
  GetRevert,
  GetRevision,
  ListRevisions,
  PreviewRevert,
} from '@ilm/contracts';
import { Access, AccessVia } from '../auth/access.decorator';
import { IlmRequest } from '../http/request-context';
import { IntegrationOperations } from '../operations/integration-operations';
import { ServiceClients } from '../service-clients';
import { ApiBodyOf } from '../http/api-body';

type Json = Record<string, unknown>;
const obj = (body: unknown): Json => (body && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : {});

@ApiTags('revisions')
@ApiBearerAuth()
@Controller('v1')
export class RevisionsController {
  constructor(
    private readonly clients: ServiceClients,
    private readonly operations: IntegrationOperations,
  ) {}

  private send: ServiceClients['revisions']['send'] = (contract, request, options) => this.clients.revisions.send(contract, request, options);

  @Post('integrations/:id/snapshots')
  @Access('snapshot.create', 'id')
  @ApiBodyOf(CreateSnapshot.Request.pick({ description: true }))
  snapshot(@Req() req: IlmRequest, @Param('id') id: string, @Body() body: unknown) {
    return this.operations.snapshot(req.actor!, id, obj(body).description);
  }

  @Get('integrations/:id/revisions')
  @Access('revision.read', 'id')
  list(@Req() req: IlmRequest, @Param('id') id: string, @Query() query: Json) {
    return this.send(ListRevisions, { actor: req.actor!, integrationId: id, cursor: query.cursor, limit: query.limit } as ListRevisions.Request, {
      correlationId: req.correlationId,
    });
  }

  @Get('revisions/:rev')
  @AccessVia('revision.read', 'revision', 'rev')
  get(@Req() req: IlmRequest, @Param('rev') rev: string) {
    return this.send(GetRevision, { actor: req.actor!, revisionId: rev }, { correlationId: req.correlationId });
  }

  @Get('revisions/:rev/diff')
  @AccessVia('revision.read', 'revision', 'rev', 'against')
  diff(@Req() req: IlmRequest, @Param('rev') rev: string, @Query('against') against: unknown) {
    return this.send(DiffRevisions, { actor: req.actor!, revisionId: rev, against: typeof against === 'string' ? against : 'live' }, { correlationId: req.correlationId });
  }

  @Post('integrations/:id/reverts')
  @Access('revert.create', 'id')
  @ApiBodyOf(PreviewRevert.Request.pick({ revisionId: true }))
  previewRevert(@Req() req: IlmRequest, @Param('id') id: string, @Body() body: unknown) {
    return this.operations.previewRevert(req.actor!, id, obj(body).revisionId);
  }

  @Get('reverts/:id')
  @AccessVia('revision.read', 'revert', 'id')
  getRevert(@Req() req: IlmRequest, @Param('id') id: string) {
    return this.send(GetRevert, { actor: req.actor!, revertId: id }, { correlationId: req.correlationId });
  }

  @Post('reverts/:id/apply')
  @HttpCode(200)
  @AccessVia('revert.apply', 'revert', 'id')
  @ApiBodyOf(ApplyRevert.Request.pick({ previewHash: true }))
  applyRevert(@Req() req: IlmRequest, @Param('id') id: string, @Body() body: unknown) {
    return this.operations.applyRevert(req.actor!, id, obj(body).previewHash);
  }
}
