import type { SettingChange } from '@app/platforms/chat-platform.adapter';
import type { PlanFinding, PlannedChange } from '@app/reconcile/plan.types';
import type { ChangeOutcome, ChangeRecord } from '@app/runs/run.types';

type RecordedValues = Pick<ChangeRecord, 'field' | 'before' | 'after'>;

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

/** Changes that were planned but not sent (dry run, or blocked by the deletion threshold). */
export const plannedRecords = (changes: PlannedChange[], outcome: ChangeOutcome): ChangeRecord[] =>
  changes.map((change) => ({
    operatorKey: change.operatorKey,
    action: change.action,
    ...plannedValues(change),
    outcome,
    error: null,
    durationMs: null,
  }));

/** A change that was sent (or, for a link, recorded); `createdId` is the remote id a create got. */
export const appliedRecord = (
  change: PlannedChange,
  result: { outcome: ChangeOutcome; error: string | null; durationMs: number; createdId?: string },
): ChangeRecord => ({
  operatorKey: change.operatorKey,
  action: change.action,
  ...appliedValues(change, result.createdId ?? null),
  outcome: result.outcome,
  error: result.error,
  durationMs: Math.round(result.durationMs),
});

const plannedValues = (change: PlannedChange): RecordedValues => {
  switch (change.action) {
    case 'create':
      return { field: null, before: null, after: change.name };
    case 'link':
      return { field: null, before: { remoteId: change.remoteId }, after: change.matchedBy };
    case 'update':
      // An e-mail the platform does not have yet is shown by the operator's remote id.
      return {
        field: change.field,
        before: change.before ?? { remoteId: change.remoteId },
        after: change.after,
      };
    case 'delete':
      return { field: null, before: change.before, after: null };
  }
};

const appliedValues = (change: PlannedChange, createdId: string | null): RecordedValues => {
  switch (change.action) {
    case 'create':
      return { field: null, before: null, after: { name: change.name, remoteId: createdId } };
    case 'link':
      return {
        field: 'identity',
        before: null,
        after: { remoteId: change.remoteId, matchedBy: change.matchedBy },
      };
    case 'update':
      return { field: change.field, before: change.before, after: change.after };
    case 'delete':
      return { field: null, before: change.before, after: null };
  }
};

/** A platform setting chat-bridge checked or enforced, as a change of the run that did it. */
export const settingRecord = (change: SettingChange): ChangeRecord => ({
  operatorKey: change.operatorKey,
  action: 'update',
  field: change.field,
  before: change.before,
  after: change.after,
  outcome: change.outcome,
  error: change.error ?? null,
  durationMs: null,
});
