import type { JsonValue } from '@app/database/transformers/json-text.transformer';
import type { DeletionThreshold } from '@app/config/config.types';
import type { DesiredOperator, OperatorStatus } from '@app/directory/operator.types';
import type { OperatorModel, RemoteOperator } from '@app/platforms/chat-platform.adapter';

export type ChangeAction = 'create' | 'update' | 'delete' | 'link';
export type ChangeField = 'name' | 'email' | 'status';

/** One write (or link) the run will make. `link` records a match and calls nothing. */
export interface PlannedChange {
  action: ChangeAction;
  operatorKey: string | null;
  remoteId?: string;
  field?: ChangeField;
  before?: JsonValue;
  after?: JsonValue;
  /** True for actions that make an operator unavailable; they count against the deletion threshold. */
  removal: boolean;
}

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
