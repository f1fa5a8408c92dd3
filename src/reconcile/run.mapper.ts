import type { PlanFinding, PlannedChange } from '@app/reconcile/plan.types';
import type { ChangeOutcome, ChangeRecord } from '@app/runs/run.types';

export const findingRecords = (findings: PlanFinding[]): ChangeRecord[] =>
  findings.map((finding) => ({
    operatorKey: finding.operatorKey,
    action: 'report',
    field: finding.kind,
    before: finding.remoteIds,
    after: finding.message,
    outcome: 'skipped',
    error: null,
    durationMs: null,
  }));

export const plannedRecords = (changes: PlannedChange[], outcome: ChangeOutcome): ChangeRecord[] =>
  changes.map((change) => ({
    operatorKey: change.operatorKey,
    action: change.action,
    field: change.field ?? null,
    before: change.before ?? (change.remoteId ? { remoteId: change.remoteId } : null),
    after: change.after ?? null,
    outcome,
    error: null,
    durationMs: null,
  }));
