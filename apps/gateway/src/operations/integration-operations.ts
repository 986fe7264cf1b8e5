import { Injectable } from '@nestjs/common';
import {
  Actor,
  ApplyRevert,
  CreateSnapshot,
  DeleteResource,
  MergePull,
  OpenPull,
  PreviewRevert,
  PutResource,
} from '@ilm/contracts';
import { CredentialSealer } from '../integrations/credential-sealer';
import { ServiceClients } from '../service-clients';

/**
 * The changes an HTTP route and an upstream command both make: one code path,
 * whichever way the request came in (validation by the contracts, permissions
 * by the Authorizer before these are called).
 */
@Injectable()
export class IntegrationOperations {
  constructor(
    private readonly clients: ServiceClients,
    private readonly sealer: CredentialSealer,
  ) {}

  putResource(actor: Actor, integrationId: string, key: string, resource: unknown, ifMatch?: number) {
    return this.clients.integrations.send(PutResource, {
      actor,
      integrationId,
      key,
      ifMatch,
      resource: this.sealer.seal(resource) as PutResource.Request['resource'],
    });
  }

  deleteResource(actor: Actor, integrationId: string, key: string, ifMatch?: number) {
    return this.clients.integrations.send(DeleteResource, { actor, integrationId, key, ifMatch });
  }

  snapshot(actor: Actor, integrationId: string, description: unknown) {
    return this.clients.revisions.send(CreateSnapshot, { actor, integrationId, description } as CreateSnapshot.Request);
  }

  openPull(actor: Actor, integrationId: string, remoteIntegrationId: unknown, description: unknown) {
    return this.clients.revisions.send(OpenPull, { actor, integrationId, remoteIntegrationId, description } as OpenPull.Request);
  }

  mergePull(actor: Actor, pullId: string, previewHash: unknown) {
    return this.clients.revisions.send(MergePull, { actor, pullId, previewHash } as MergePull.Request);
  }

  previewRevert(actor: Actor, integrationId: string, revisionId: unknown) {
    return this.clients.revisions.send(PreviewRevert, { actor, integrationId, revisionId } as PreviewRevert.Request);
  }

  applyRevert(actor: Actor, revertId: string, previewHash: unknown) {
    return this.clients.revisions.send(ApplyRevert, { actor, revertId, previewHash } as ApplyRevert.Request);
  }

  /** Preview and apply in one step (the queue's `integration.revert`). */
  async revert(actor: Actor, integrationId: string, revisionId: string) {
    const preview = await this.previewRevert(actor, integrationId, revisionId);
    return this.applyRevert(actor, preview.id, preview.previewHash);
  }
}
