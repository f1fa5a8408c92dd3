import { isRemoval } from '@app/reconcile/plan-operator-changes';
import type { OperatorPlan } from '@app/reconcile/plan.types';
import type { ChangeRecord } from '@app/runs/run.types';

/**
 * The plan of a run restricted to one operator (provision on demand): that operator's changes and
 * findings only. The deletion safeguard is judged on what this run would remove, against the limit
 * the full plan computed; one operator stays within it unless the directory is empty.
 */
export const scopePlanToOperator = (plan: OperatorPlan, operatorKey: string): OperatorPlan => {
  const changes = plan.changes.filter((change) => change.operatorKey === operatorKey);
  const findings = plan.findings.filter((finding) => finding.operatorKey === operatorKey);
  const removals = changes.filter(isRemoval).length;
  const blocked =
    plan.blocked && removals > plan.blocked.limit
      ? {
          removals,
          limit: plan.blocked.limit,
          reason: `${operatorKey} would be deactivated or deleted: ${plan.blocked.reason}`,
        }
      : undefined;
  return { changes, findings, blocked };
};

const report = (operatorKey: string | null, field: string, message: string): ChangeRecord => ({
  operatorKey,
  action: 'report',
  field,
  before: null,
  after: message,
  outcome: 'skipped',
  error: null,
  durationMs: null,
});

/** Says in the audit log that a run covered one operator only (its findings say nothing of the rest). */
export const scopeRecord = (operatorKey: string): ChangeRecord =>
  report(operatorKey, 'scope', `this run covered operator "${operatorKey}" only`);

/** Says in the audit log that this run was allowed past the deletion safeguard. */
export const allowDeletesRecord = (): ChangeRecord =>
  report(null, 'allow-deletes', 'deletes were allowed for this run: the deletion safeguard did not apply');
