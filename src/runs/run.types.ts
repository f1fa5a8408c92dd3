import type { ChangeOutcome } from '@app/database/entities/run-change.entity';
import type { FinishedRunOutcome, RunKind, RunTrigger } from '@app/database/entities/run.entity';
import type { JsonValue } from '@app/core/json-value';

// One vocabulary: the audit's columns define the names.
export type { ChangeOutcome, RunKind, RunTrigger };
export type RunOutcome = FinishedRunOutcome;

/** What a change did: reconcile's operator actions, or `report` for a finding. */
export type ChangeAction = 'create' | 'update' | 'delete' | 'link' | 'report';

/** A change as recorded in the audit log (and answered by the admin API). */
export interface ChangeRecord {
  operatorKey: string | null;
  action: ChangeAction;
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
  /** Writes whose result could not be settled (timeout, dropped connection). */
  unknown: number;
  findings: number;
};

export interface RunView {
  id: number;
  connectorId: string;
  kind: RunKind;
  trigger: RunTrigger;
  dryRun: boolean;
  outcome: RunOutcome | 'running';
  startedAt: string;
  finishedAt: string | null;
  counts: RunCounts;
  error: string | null;
  changes: Array<Omit<ChangeRecord, 'durationMs'>>;
}
