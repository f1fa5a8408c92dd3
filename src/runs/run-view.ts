import type { RunEntity } from '@app/database/entities/run.entity';
import type { ChangeRecord, RunCounts, RunView } from '@app/runs/run.types';

/** A stored run as the admin API and the CLI show it. */
export const toRunView = (run: RunEntity): RunView => ({
  id: run.id,
  connectorId: run.connectorId,
  kind: run.kind,
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
