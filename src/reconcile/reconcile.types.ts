import type { JsonValue } from '@app/database/transformers/json-text.transformer';
import type { PlannedChange } from '@app/reconcile/plan.types';

export type RunTrigger = 'schedule' | 'startup' | 'manual' | 'event';
export type RunOutcome = 'ok' | 'partial' | 'failed' | 'blocked' | 'skipped';
export type ChangeOutcome = 'planned' | 'applied' | 'failed' | 'rejected' | 'skipped';

export interface ReconcileRequest {
  connectorId: string;
  trigger: RunTrigger;
  dryRun?: boolean;
  allowDeletes?: boolean;
}

/** A change as recorded in the audit log (and answered by the admin API). */
export interface ChangeRecord {
  operatorKey: string | null;
  action: PlannedChange['action'] | 'report';
  field: string | null;
  before: JsonValue;
  after: JsonValue;
  outcome: ChangeOutcome;
  error: string | null;
  durationMs: number | null;
}

export type RunCounts = {
  planned: number;
  applied: number;
  failed: number;
  rejected: number;
  findings: number;
};

export interface RunView {
  id: number;
  connectorId: string;
  trigger: RunTrigger;
  dryRun: boolean;
  outcome: RunOutcome | 'running';
  startedAt: string;
  finishedAt: string | null;
  counts: RunCounts;
  error: string | null;
  changes: Array<Omit<ChangeRecord, 'durationMs'>>;
}
