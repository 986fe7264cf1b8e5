import { ACTIONS } from '@ilm/contracts';
import { REQUIREMENTS, decide } from './access-policy';

describe('access policy', () => {
  const owner = { role: 'owner' as const, scopes: null };
  const admin = { role: 'admin' as const, scopes: null };
  const member = { role: 'member' as const, scopes: null };

  it('lets owners and admins do everything in their workspace but owner-only actions', () => {
    for (const action of ACTIONS) {
      expect(decide(owner, action, []).allowed).toBe(true);
      expect(decide(admin, action, []).allowed).toBe(REQUIREMENTS[action] !== 'owner');
    }
  });

  it('gives members what their grant allows, and nothing on integrations without one', () => {
    expect(decide(member, 'integration.read', ['monitor']).allowed).toBe(true);
    expect(decide(member, 'integration.read', ['manage']).allowed).toBe(true);
    expect(decide(member, 'resource.write', ['monitor']).allowed).toBe(false);
    expect(decide(member, 'resource.write', ['manage']).allowed).toBe(true);
    expect(decide(member, 'integration.read', [undefined]).allowed).toBe(false);
    expect(decide(member, 'integration.read', []).allowed).toBe(false);
    expect(decide(member, 'integration.delete', ['manage']).allowed).toBe(false);
    expect(decide(member, 'audit.read', []).allowed).toBe(false);
    expect(decide(member, 'integration.list', []).allowed).toBe(true);
  });

  it('needs monitor on a second integration (a pull remote), the action level on the first', () => {
    expect(decide(member, 'resource.write', ['manage', 'monitor']).allowed).toBe(true);
    expect(decide(member, 'resource.write', ['manage', undefined]).allowed).toBe(false);
    expect(decide(member, 'resource.write', ['monitor', 'manage']).allowed).toBe(false);
  });

  it('limits scoped tokens to their scopes, whatever the role', () => {
    const readOnly = { role: 'owner' as const, scopes: ['integrations:read' as const] };
    expect(decide(readOnly, 'integration.read', []).allowed).toBe(true);
    expect(decide(readOnly, 'resource.write', []).allowed).toBe(false);
    expect(decide(readOnly, 'audit.read', []).allowed).toBe(false);
    expect(decide(readOnly, 'self.read', []).allowed).toBe(true);
  });
});
