import { z } from 'zod';
import { Role } from '../common';

export const Email = z.string().trim().toLowerCase().email().max(320);

export const GRANT_LEVELS = ['monitor', 'manage'] as const;
export const GrantLevel = z.enum(GRANT_LEVELS);
export type GrantLevel = z.infer<typeof GrantLevel>;

/** What a token may be limited to; a token without scopes has all of its user's rights. */
export const SCOPES = ['integrations:read', 'integrations:write', 'access:admin'] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  workspaceId: string;
  createdAt: string;
}

export interface TokenView {
  id: string;
  name: string;
  userId: string;
  scopes: Scope[] | null;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** The one response that carries a token: right after it was made. */
export interface IssuedToken {
  id: string;
  name: string;
  userId: string;
  token: string;
  scopes: Scope[] | null;
  expiresAt: string | null;
}

export interface GrantView {
  integrationId: string;
  userId: string;
  level: GrantLevel;
  updatedAt: string;
}

export interface WorkspaceView {
  id: string;
  name: string;
  createdAt: string;
}

export interface AuditEntryView {
  id: string;
  seq: number;
  at: string;
  type: string;
  action: string;
  outcome: string;
  actor: { userId: string | null; tokenId: string | null; client: string | null };
  target: { type: string; id: string | null };
  correlationId: string | null;
  details: unknown;
}
