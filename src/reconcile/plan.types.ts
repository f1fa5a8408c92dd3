import type { DeletionThreshold } from '@app/core/config.types';
import type { DesiredOperator, OperatorStatus } from '@app/core/operator.types';
import type { OperatorModel, RemoteOperator } from '@app/platforms/chat-platform.adapter';

/** Writes the directory's operator onto the platform; the platform assigns the remote id. */
export interface PlannedCreate {
  action: 'create';
  operatorKey: string;
  name: string;
}

/** Records a match found by e-mail, name or key; calls nothing on the platform. */
export interface PlannedLink {
  action: 'link';
  operatorKey: string;
  remoteId: string;
  matchedBy: OperatorModel['matchBy'];
}

interface PlannedUpdateBase {
  action: 'update';
  /** Null for an unmanaged remote operator (no directory entry) being deactivated. */
  operatorKey: string | null;
  remoteId: string;
}

export interface PlannedNameUpdate extends PlannedUpdateBase {
  field: 'name';
  before: string;
  after: string;
}

export interface PlannedEmailUpdate extends PlannedUpdateBase {
  field: 'email';
  /** Null when the platform has no e-mail for the operator. */
  before: string | null;
  after: string;
}

export interface PlannedStatusUpdate extends PlannedUpdateBase {
  field: 'status';
  before: OperatorStatus;
  after: OperatorStatus;
}

export type PlannedUpdate = PlannedNameUpdate | PlannedEmailUpdate | PlannedStatusUpdate;

/** A hard delete, planned only when deletes are allowed and the platform has no `deleted` status. */
export interface PlannedDelete {
  action: 'delete';
  operatorKey: string;
  remoteId: string;
  /** The remote status before the delete. */
  before: OperatorStatus;
}

/** One write (or link) the run will make. */
export type PlannedChange = PlannedCreate | PlannedLink | PlannedUpdate | PlannedDelete;

/** A change to an existing remote operator; the changes to one operator travel in one call. */
export type PlannedWrite = PlannedUpdate | PlannedDelete;

export type FindingKind = 'ambiguous' | 'unmanaged' | 'missing-email' | 'name-taken' | 'stale-link';

/** Something an admin should know that the run will not act on. */
export interface PlanFinding {
  kind: FindingKind;
  operatorKey: string | null;
  remoteIds: string[];
  message: string;
}

export interface LinkSnapshot {
  operatorKey: string;
  remoteId: string;
}

export interface PlanInput {
  desired: DesiredOperator[];
  remote: RemoteOperator[];
  links: LinkSnapshot[];
  model: OperatorModel;
  unmanaged: 'report' | 'deactivate';
  deletionThreshold: DeletionThreshold;
  allowDeletes: boolean;
}

export interface BlockedBy {
  removals: number;
  limit: number;
  reason: string;
}

export interface OperatorPlan {
  changes: PlannedChange[];
  findings: PlanFinding[];
  blocked?: BlockedBy;
}

export type StatusTarget = { kind: 'status'; status: OperatorStatus } | { kind: 'delete' } | { kind: 'none' };
