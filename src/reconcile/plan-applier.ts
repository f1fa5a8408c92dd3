import { performance } from 'node:perf_hooks';

import type { JsonValue } from '@app/database/transformers/json-text.transformer';
import type { DesiredOperator, OperatorStatus } from '@app/directory/operator.types';
import type { ChatPlatformAdapter, RemoteOperator } from '@app/platforms/chat-platform.adapter';
import { describeError, dispositionFor } from '@app/runs/platform-error.handler';
import { mapWithConcurrency } from '@app/common/map-with-concurrency';
import type { PlannedChange } from '@app/reconcile/plan.types';
import type { ChangeRecord } from '@app/reconcile/reconcile.types';

export interface AppliedPlan {
  records: ChangeRecord[];
  /** Remote operators now linked to a directory operator (matched or created). */
  linked: Array<{ operatorKey: string; remote: RemoteOperator }>;
  /** Updates the platform accepted, to refresh the links' snapshots. */
  appliedUpdates: PlannedChange[];
}

const UPDATE_CONCURRENCY = 4;

/** Executes a plan through an adapter; every change gets an outcome, an error and a duration. */
export const applyPlan = async (params: {
  adapter: ChatPlatformAdapter;
  changes: PlannedChange[];
  desired: Map<string, DesiredOperator>;
  remote: Map<string, RemoteOperator>;
}): Promise<AppliedPlan> => {
  const { adapter, changes, desired, remote } = params;
  const result: AppliedPlan = { records: [], linked: [], appliedUpdates: [] };

  for (const change of changes.filter((c) => c.action === 'link')) {
    result.records.push(record(change, 'applied', null, 0));
    result.linked.push({ operatorKey: change.operatorKey!, remote: remote.get(change.remoteId!)! });
  }

  const creates = changes.filter((c) => c.action === 'create');
  if (creates.length > 0) {
    const started = performance.now();
    const operators = creates.map((c) => desired.get(c.operatorKey!)!);
    const outcome = await adapter.createOperators({ operators });
    const perItem = (performance.now() - started) / creates.length;
    for (const created of outcome.created) {
      const change = creates.find((c) => c.operatorKey === created.key)!;
      result.records.push(record({ ...change, remoteId: created.remote.remoteId }, 'applied', null, perItem));
      result.linked.push({ operatorKey: created.key, remote: created.remote });
    }
    for (const failed of outcome.failed) {
      const change = creates.find((c) => c.operatorKey === failed.key)!;
      result.records.push(
        record(change, dispositionFor(failed.error).changeOutcome, describeError(failed.error), perItem),
      );
    }
    // Sent, but neither seen landing nor known to have failed: never re-sent in this run, and the
    // next run's listing settles it (matched then, or created once the platform shows it is not).
    for (const unsettled of outcome.unknown ?? []) {
      const change = creates.find((c) => c.operatorKey === unsettled.key)!;
      result.records.push(record(change, 'unknown', describeError(unsettled.error), perItem));
    }
  }

  // One call per remote operator: name, e-mail and status changes travel together.
  const updatesByRemote = groupByRemote(
    changes.filter((c) => c.action === 'update' || c.action === 'delete'),
  );
  const applied = await mapWithConcurrency(
    [...updatesByRemote.values()],
    UPDATE_CONCURRENCY,
    async (group) => {
      const started = performance.now();
      try {
        await writeGroup(adapter, group, desired);
        result.appliedUpdates.push(...group);
        return group.map((c) => record(c, 'applied', null, performance.now() - started));
      } catch (error) {
        const outcome = dispositionFor(error).changeOutcome;
        return group.map((c) => record(c, outcome, describeError(error), performance.now() - started));
      }
    },
  );
  result.records.push(...applied.flat());
  return result;
};

const writeGroup = async (
  adapter: ChatPlatformAdapter,
  group: PlannedChange[],
  desired: Map<string, DesiredOperator>,
): Promise<void> => {
  const first = group[0];
  const operator = first.operatorKey ? desired.get(first.operatorKey) : undefined;
  if (group.some((c) => c.action === 'delete')) {
    if (!adapter.deleteOperator) {
      throw new Error(`${adapter.connectorId} cannot delete operators`);
    }
    await adapter.deleteOperator({ remoteId: first.remoteId!, operator });
    return;
  }
  const changes: { name?: string; email?: string; status?: OperatorStatus } = {};
  for (const change of group) {
    if (change.field === 'status') {
      changes.status = change.after as OperatorStatus;
    } else if (change.field === 'name' || change.field === 'email') {
      changes[change.field] = change.after as string;
    }
  }
  await adapter.updateOperator({
    remoteId: first.remoteId!,
    // Unmanaged operators have no directory entry; adapters only need their remote id then.
    operator: operator ?? {
      key: `remote:${first.remoteId}`,
      name: '',
      role: 'agent',
      status: changes.status ?? 'inactive',
    },
    changes,
  });
};

const groupByRemote = (changes: PlannedChange[]): Map<string, PlannedChange[]> => {
  const groups = new Map<string, PlannedChange[]>();
  for (const change of changes) {
    groups.set(change.remoteId!, [...(groups.get(change.remoteId!) ?? []), change]);
  }
  return groups;
};

const describeAfter = (change: PlannedChange): JsonValue => {
  switch (change.action) {
    case 'create':
      return { name: change.after ?? null, remoteId: change.remoteId ?? null };
    case 'link':
      return { remoteId: change.remoteId ?? null, matchedBy: change.after ?? null };
    case 'update':
    case 'delete':
      return change.after ?? null;
  }
};

const record = (
  change: PlannedChange,
  outcome: ChangeRecord['outcome'],
  error: string | null,
  durationMs: number,
): ChangeRecord => ({
  operatorKey: change.operatorKey,
  action: change.action,
  field: change.field ?? (change.action === 'link' ? 'identity' : null),
  before: change.before ?? null,
  after: describeAfter(change),
  outcome,
  error,
  durationMs: Math.round(durationMs),
});
