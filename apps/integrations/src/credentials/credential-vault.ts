import { Injectable } from '@nestjs/common';
import { DomainError } from '@ilm/contracts';
import { SealedBox, TRANSPORT_CONTEXT } from '@ilm/secrets';

/**
 * Turns credentials sealed for transport into credentials sealed at rest, bound
 * to their place (workspace, integration, key) so a row copied elsewhere cannot
 * be opened. Plaintext exists here only for the moment of re-sealing.
 */
@Injectable()
export class CredentialVault {
  private readonly box = new SealedBox(requiredKey());

  reseal(transportSealed: string, workspaceId: string, integrationId: string, key: string): string {
    let plaintext: string;
    try {
      plaintext = this.box.open(transportSealed, TRANSPORT_CONTEXT);
    } catch {
      throw new DomainError('validation_failed', `credentials of "${key}" are not sealed with this deployment's key`);
    }
    return this.box.seal(plaintext, `${workspaceId}/${integrationId}/${key}`);
  }
}

function requiredKey(): string {
  const key = process.env.ILM_CREDENTIALS_KEY;
  if (!key) throw new Error('ILM_CREDENTIALS_KEY is required (32 bytes, base64)');
  return key;
}
