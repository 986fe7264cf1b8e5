import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CloneIntegration,
  CreateIntegration,
  DeleteIntegration,
  ExportIntegration,
  GetIntegration,
  GetResource,
  GrantCreator,
  ImportIntegration,
  ListIntegrations,
  ListReferences,
  ResourceBodyInput,
  UpdateIntegration,
} from '@ilm/contracts';
import { Access } from '../auth/access.decorator';
import { IlmRequest, etagOf, ifMatchOf } from '../http/request-context';
import { ServiceClients } from '../service-clients';
import { IntegrationOperations } from '../operations/integration-operations';
import { CredentialSealer } from './credential-sealer';
import { ApiBodyOf } from '../http/api-body';

type Json = Record<string, unknown>;
const obj = (body: unknown): Json => (body && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : {});

@ApiTags('integrations')
@ApiBearerAuth()
@Controller('v1/integrations')
export class IntegrationsController {
  constructor(
    private readonly clients: ServiceClients,
    private readonly sealer: CredentialSealer,
    private readonly operations: IntegrationOperations,
  ) {}

  private send: ServiceClients['integrations']['send'] = (contract, request, options) => this.clients.integrations.send(contract, request, options);

  @Post()
  @Access('integration.create')
  @ApiBodyOf(CreateIntegration.Request.omit({ actor: true, tree: true, source: true }))
  async create(@Req() req: IlmRequest, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const b = obj(body);
    const resources = Array.isArray(b.resources) ? b.resources.map((r) => this.sealer.seal(r)) : b.resources;
    const view = await this.send(CreateIntegration, { ...b, resources, actor: req.actor! } as CreateIntegration.Request, {
      correlationId: req.correlationId,
    });
    res.setHeader('ETag', etagOf(view.version));
    res.setHeader('Location', `/v1/integrations/${view.id}`);
    return view;
  }

  @Get()
  @Access('integration.list')
  list(@Req() req: IlmRequest, @Query() query: Json) {
    const request = { actor: req.actor!, environment: query.environment, cursor: query.cursor, limit: query.limit, onlyIds: req.visibleIntegrationIds };
    return this.send(ListIntegrations, request as ListIntegrations.Request, {
      correlationId: req.correlationId,
    });
  }

  @Get(':id')
  @Access('integration.read', 'id')
  async get(@Req() req: IlmRequest, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const view = await this.send(GetIntegration, { actor: req.actor!, integrationId: id }, { correlationId: req.correlationId });
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }

  @Patch(':id')
  @Access('integration.update', 'id')
  @ApiBodyOf(UpdateIntegration.Request.shape.patch)
  async update(@Req() req: IlmRequest, @Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const view = await this.send(
      UpdateIntegration,
      { actor: req.actor!, integrationId: id, ifMatch: ifMatchOf(req), patch: obj(body) as UpdateIntegration.Request['patch'] },
      { correlationId: req.correlationId },
    );
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }

  @Delete(':id')
  @Access('integration.delete', 'id')
  remove(@Req() req: IlmRequest, @Param('id') id: string) {
    return this.send(DeleteIntegration, { actor: req.actor!, integrationId: id, ifMatch: ifMatchOf(req) }, { correlationId: req.correlationId });
  }

  @Get(':id/resources/:key')
  @Access('integration.read', 'id')
  async getResource(@Req() req: IlmRequest, @Param('id') id: string, @Param('key') key: string, @Res({ passthrough: true }) res: Response) {
    const out = await this.send(GetResource, { actor: req.actor!, integrationId: id, key }, { correlationId: req.correlationId });
    res.setHeader('ETag', etagOf(out.version));
    return out.resource;
  }

  @Put(':id/resources/:key')
  @Access('resource.write', 'id')
  @ApiBodyOf(ResourceBodyInput)
  async putResource(
    @Req() req: IlmRequest,
    @Param('id') id: string,
    @Param('key') key: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.operations.putResource(req.actor!, id, key, obj(body), ifMatchOf(req));
    res.setHeader('ETag', etagOf(out.version));
    res.status(out.created ? 201 : 200);
    return out.resource;
  }

  @Delete(':id/resources/:key')
  @Access('resource.write', 'id')
  async deleteResource(@Req() req: IlmRequest, @Param('id') id: string, @Param('key') key: string, @Res({ passthrough: true }) res: Response) {
    const out = await this.operations.deleteResource(req.actor!, id, key, ifMatchOf(req));
    res.setHeader('ETag', etagOf(out.version));
    return out;
  }

  @Post(':id/clone')
  @Access('integration.clone', 'id')
  @ApiBodyOf(CloneIntegration.Request.pick({ name: true, environment: true }))
  async clone(@Req() req: IlmRequest, @Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const b = obj(body);
    const cloned = await this.clients.revisions.send(CloneIntegration, {
      actor: req.actor!,
      sourceIntegrationId: id,
      name: b.name,
      environment: b.environment,
    } as CloneIntegration.Request);
    await this.clients.access.send(GrantCreator, { actor: req.actor!, integrationId: cloned.integration.id });
    res.setHeader('ETag', etagOf(cloned.integration.version));
    res.setHeader('Location', `/v1/integrations/${cloned.integration.id}`);
    return { ...cloned.integration, sourceRevisionId: cloned.sourceRevisionId, revisionId: cloned.revisionId };
  }

  @Get(':id/export')
  @Access('integration.read', 'id')
  export(@Req() req: IlmRequest, @Param('id') id: string) {
    return this.clients.revisions.send(ExportIntegration, { actor: req.actor!, integrationId: id });
  }

  @Post('import')
  @Access('integration.import')
  @ApiBodyOf(ImportIntegration.Request.omit({ actor: true }))
  async import(@Req() req: IlmRequest, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const b = obj(body);
    // a bundle may come straight from an export, or wrapped with overrides: { bundle, name?, environment? }
    const raw = 'bundle' in b ? obj(b.bundle) : b;
    // a bundle never holds credentials; any given anyway are sealed like every other write
    const bundle = Array.isArray(raw.resources) ? { ...raw, resources: raw.resources.map((r) => this.sealer.seal(r)) } : raw;
    const request = { ...('bundle' in b ? b : {}), bundle, actor: req.actor! };
    const imported = await this.clients.revisions.send(ImportIntegration, request as ImportIntegration.Request);
    await this.clients.access.send(GrantCreator, { actor: req.actor!, integrationId: imported.integration.id });
    res.setHeader('Location', `/v1/integrations/${imported.integration.id}`);
    return { ...imported.integration, sourceRevisionId: imported.sourceRevisionId, revisionId: imported.revisionId, linked: imported.linked };
  }

  @Get(':id/resources/:key/references')
  @Access('integration.read', 'id')
  references(@Req() req: IlmRequest, @Param('id') id: string, @Param('key') key: string) {
    return this.send(ListReferences, { actor: req.actor!, integrationId: id, key }, { correlationId: req.correlationId });
  }
}

