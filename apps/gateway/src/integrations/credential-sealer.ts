import { Injectable } from '@nestjs/common';
import { DomainError, findForbiddenKey } from '@ilm/contracts';
import { SealedBox, TRANSPORT_CONTEXT } from '@ilm/secrets';

/**
 * Credentials are sealed the moment they arrive, so plaintext never crosses the
 * broker nor sits in a queue; only the integrations service can open them.
 */
@Injectable()
export class CredentialSealer {
  private readonly box: SealedBox;

  constructor() {
    const key = process.env.ILM_CREDENTIALS_KEY;
    if (!key) throw new Error('ILM_CREDENTIALS_KEY is required (32 bytes, base64)');
    this.box = new SealedBox(key);
  }

  /** Returns a copy of a resource body with `credentials` replaced by `sealedCredentials`. */
  seal<T>(resource: T): T {
    if (resource === null || typeof resource !== 'object' || Array.isArray(resource) || !('credentials' in resource)) return resource;
    const { credentials, ...rest } = resource as Record<string, unknown>;
    if (credentials === null) return { ...rest, sealedCredentials: null } as T;
    if (typeof credentials !== 'object' || Array.isArray(credentials)) {
      throw new DomainError('validation_failed', 'credentials must be a JSON object (or null to clear them)');
    }
    const bad = findForbiddenKey(credentials, '/credentials');
    if (bad !== undefined) throw new DomainError('validation_failed', `key not allowed (starts with "$" or contains "."): ${bad}`);
    return { ...rest, sealedCredentials: this.box.seal(JSON.stringify(credentials), TRANSPORT_CONTEXT) } as T;
  }
}
