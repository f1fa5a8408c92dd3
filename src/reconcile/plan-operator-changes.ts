import type { DeletionThreshold } from '@app/core/config.types';
import type { DesiredOperator, OperatorStatus } from '@app/core/operator.types';
import type { OperatorModel, RemoteOperator } from '@app/platforms/chat-platform.adapter';
import { matchOperators } from '@app/reconcile/match-operators';
import { normalizeEmail } from '@app/core/normalize';
import type {
  BlockedBy,
  OperatorPlan,
  PlanInput,
  PlannedChange,
  PlannedStatusUpdate,
  StatusTarget,
} from '@app/reconcile/plan.types';

/**
 * The pure heart of reconciliation: (desired, remote, links) → the changes that make the platform
 * match the directory. Planning again after applying a plan yields no changes.
 */
export const planOperatorChanges = (input: PlanInput): OperatorPlan => {
  const { model } = input;
  const matched = matchOperators(input.desired, input.remote, input.links, model);
  const changes: PlannedChange[] = [];

  for (const { operator, remote, by } of matched.matches) {
    if (by !== 'link') {
      changes.push({
        action: 'link',
        operatorKey: operator.key,
        remoteId: remote.remoteId,
        matchedBy: by,
      });
    }
    changes.push(...fieldChanges(operator, remote, model));
    changes.push(...statusChanges(operator, remote, model, input.allowDeletes));
  }
  for (const operator of matched.unmatched) {
    // Integration accounts are never created; only existing ones are kept unassignable.
    if (operator.role === 'agent' && operator.status === 'active') {
      changes.push({ action: 'create', operatorKey: operator.key, name: operator.name });
    }
  }

  const findings = [...matched.findings];
  const managed = new Set([
    ...matched.matches.map((m) => m.remote.remoteId),
    ...input.links.map((l) => l.remoteId),
  ]);
  for (const remote of input.remote) {
    if (
      managed.has(remote.remoteId) ||
      matched.contested.has(remote.remoteId) ||
      remote.status === 'deleted' ||
      // The bridge's own API account is no stranger: reporting it every run is noise.
      remote.role === 'integration'
    ) {
      continue;
    }
    findings.push({
      kind: 'unmanaged',
      operatorKey: null,
      remoteIds: [remote.remoteId],
      message: `"${remote.name}" (${remote.remoteId}) is not in the directory`,
    });
    if (input.unmanaged === 'deactivate' && remote.status === 'active') {
      const target = statusTarget('inactive', model, false);
      if (target.kind === 'status') {
        changes.push(statusChange(null, remote, target.status));
      }
    }
  }

  // The base is what will be linked once this run is applied (matches and creates), so a first run
  // is not judged against zero links.
  const creates = changes.filter((c) => c.action === 'create').length;
  const linked = Math.max(input.links.length, matched.matches.length + creates);
  const blocked = input.allowDeletes ? undefined : checkThreshold(changes, input, linked);
  return { changes, findings, blocked };
};

const fieldChanges = (
  operator: DesiredOperator,
  remote: RemoteOperator,
  model: OperatorModel,
): PlannedChange[] => {
  const changes: PlannedChange[] = [];
  if (model.updatableFields.includes('name') && operator.name.trim() !== remote.name.trim()) {
    changes.push({
      action: 'update',
      operatorKey: operator.key,
      remoteId: remote.remoteId,
      field: 'name',
      before: remote.name,
      after: operator.name,
    });
  }
  if (
    model.updatableFields.includes('email') &&
    operator.email !== undefined &&
    normalizeEmail(operator.email) !== normalizeEmail(remote.email ?? '')
  ) {
    changes.push({
      action: 'update',
      operatorKey: operator.key,
      remoteId: remote.remoteId,
      field: 'email',
      before: remote.email ?? null,
      after: operator.email,
    });
  }
  return changes;
};

const statusChanges = (
  operator: DesiredOperator,
  remote: RemoteOperator,
  model: OperatorModel,
  allowDeletes: boolean,
): PlannedChange[] => {
  const target = statusTarget(operator.status, model, allowDeletes);
  switch (target.kind) {
    case 'none':
      return [];
    case 'delete':
      return [
        { action: 'delete', operatorKey: operator.key, remoteId: remote.remoteId, before: remote.status },
      ];
    case 'status':
      return remote.status === target.status ? [] : [statusChange(operator.key, remote, target.status)];
  }
};

/** Where the platform lacks a status, fall back: deleted → hard delete (if allowed) → inactive. */
export const statusTarget = (
  status: OperatorStatus,
  model: OperatorModel,
  allowDeletes: boolean,
): StatusTarget => {
  if (model.statuses.includes(status)) {
    return { kind: 'status', status };
  }
  if (status === 'deleted' && model.hardDelete && allowDeletes) {
    return { kind: 'delete' };
  }
  if (status === 'deleted' && model.statuses.includes('inactive')) {
    return { kind: 'status', status: 'inactive' };
  }
  return { kind: 'none' };
};

const statusChange = (
  operatorKey: string | null,
  remote: RemoteOperator,
  status: OperatorStatus,
): PlannedStatusUpdate => ({
  action: 'update',
  operatorKey,
  remoteId: remote.remoteId,
  field: 'status',
  before: remote.status,
  after: status,
});

/** Changes that make an operator unavailable; they count against the deletion threshold. */
export const isRemoval = (change: PlannedChange): boolean =>
  change.action === 'delete' ||
  (change.action === 'update' &&
    change.field === 'status' &&
    change.before === 'active' &&
    change.after !== 'active');

const checkThreshold = (
  changes: PlannedChange[],
  input: PlanInput,
  linked: number,
): BlockedBy | undefined => {
  const removals = changes.filter(isRemoval).length;
  if (removals === 0) {
    return undefined;
  }
  if (input.desired.length === 0) {
    return {
      removals,
      limit: 0,
      reason: 'the directory is empty; allow deletes explicitly to empty the platform',
    };
  }
  const limit = thresholdLimit(input.deletionThreshold, linked);
  if (removals <= limit) {
    return undefined;
  }
  return {
    removals,
    limit,
    reason: `${removals} operators would be deactivated or deleted, more than the threshold of ${limit}`,
  };
};

/** A percentage of the linked operators (never less than one) or an absolute count. */
export const thresholdLimit = (threshold: DeletionThreshold, linked: number): number =>
  threshold.kind === 'count' ? threshold.value : Math.max(1, Math.floor((linked * threshold.value) / 100));
