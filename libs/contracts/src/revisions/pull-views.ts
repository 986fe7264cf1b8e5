import { z } from 'zod';
import { Environment, IntegrationView, ResourceChange, ResourceView, RevisionStatus, SafeJson, Settings } from '../common';

export type ConflictKind = 'field' | 'delete-modify' | 'add-add' | 'reference';

export type ResolutionView = { choice: 'current' | 'remote'; auto?: true } | { value: unknown };

export interface ConflictView {
  id: string;
  kind: ConflictKind;
  resourceKey: string;
  path: string;
  base: unknown;
  current: unknown;
  remote: unknown;
  references?: { flowKey: string; stepId: string }[];
  resolution?: ResolutionView;
}

export interface ApprovalView {
  userId: string;
  previewHash: string;
  approvedAt: string;
  /** whether it approves the preview as it is now */
  valid: boolean;
}

export interface PullView {
  id: string;
  currentIntegrationId: string;
  remoteIntegrationId: string;
  baseRevisionId: string;
  status: RevisionStatus;
  description: string;
  createdBy: string;
  createdAt: string;
  changes: ResourceChange[];
  conflicts: ConflictView[];
  previewHash: string;
  approvals: ApprovalView[];
  requireApproval: boolean;
  revisionId?: string;
  failureReason?: string;
}

export const Resolution = z.union([
  z.object({ conflictId: z.string().max(64), choice: z.enum(['current', 'remote']) }).strict(),
  z.object({ conflictId: z.string().max(64), value: SafeJson }).strict(),
]);
export type Resolution = z.infer<typeof Resolution>;

/** An exported integration: everything but credentials, and where it came from. */
export const BUNDLE_FORMAT = 'ilm.bundle/v1';
export interface BundleView {
  format: typeof BUNDLE_FORMAT;
  exportedAt: string;
  integration: { name: string; description: string; environment: Environment; settings: Settings };
  resources: ResourceView[];
  /** the revision the bundle's state descends from; an import in the same workspace links to it */
  lineage: { workspaceId: string; integrationId: string; revisionId: string | null };
}

export interface CloneView {
  integration: IntegrationView;
  /** the auto-snapshot of the source the clone was made from */
  sourceRevisionId: string;
  /** the clone's first revision (its parent is `sourceRevisionId`) */
  revisionId: string;
}
