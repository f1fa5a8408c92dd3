import type { RunEntity } from '@app/database/entities/run.entity';
import type { PlanFinding, PlannedChange } from '@app/reconcile/plan.types';
import type { ChangeOutcome, ChangeRecord, RunCounts, RunView } from '@app/reconcile/reconcile.types';

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

export const toRunView = (run: RunEntity): RunView => ({
  id: run.id,
  connectorId: run.connectorId,
  trigger: run.trigger,
  dryRun: run.dryRun,
  outcome: run.outcome,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
  counts: run.counts as unknown as RunCounts,
  error: run.error,
  changes: (run.changes ?? []).map((change) => ({
    operatorKey: change.operatorKey,
    action: change.action as ChangeRecord['action'],
    field: change.field,
    before: change.before,
    after: change.after,
    outcome: change.outcome,
    error: change.error,
  })),
});
