import { performance } from 'node:perf_hooks';

import type { DesiredOperator } from '@app/core/operator.types';
import type {
  ChatPlatformAdapter,
  RemoteOperator,
  UpdateOperatorParams,
} from '@app/platforms/chat-platform.adapter';
import { describeError, dispositionFor } from '@app/runs/platform-error.handler';
import { mapWithConcurrency } from '@app/core/map-with-concurrency';
import type { PlannedChange, PlannedCreate, PlannedLink, PlannedWrite } from '@app/reconcile/plan.types';
import type { ChangeRecord } from '@app/reconcile/reconcile.types';
import { appliedRecord } from '@app/reconcile/run.mapper';

export interface AppliedPlan {
  records: ChangeRecord[];
  /** Remote operators now linked to a directory operator (matched or created). */
  linked: Array<{ operatorKey: string; remote: RemoteOperator }>;
  /** Updates the platform accepted, to refresh the links' snapshots. */
  appliedUpdates: PlannedWrite[];
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
    const listed = planned(remote, change.remoteId, change, 'the remote list');
    result.records.push(appliedRecord(change, { outcome: 'applied', error: null, durationMs: 0 }));
    result.linked.push({ operatorKey: change.operatorKey, remote: listed });
  }

  const creates = changes.filter((c) => c.action === 'create');
  if (creates.length > 0) {
    await createAll(adapter, creates, desired, result);
  }

  // One call per remote operator: name, e-mail and status changes travel together.
  const writesByRemote = groupByRemote(changes.filter((c) => c.action === 'update' || c.action === 'delete'));
  const applied = await mapWithConcurrency(
    [...writesByRemote],
    UPDATE_CONCURRENCY,
    async ([remoteId, group]) => {
      const started = performance.now();
      const settled = (outcome: ChangeRecord['outcome'], error: string | null) =>
        group.map((c) => appliedRecord(c, { outcome, error, durationMs: performance.now() - started }));
      try {
        await writeGroup(adapter, remoteId, group, desired);
        result.appliedUpdates.push(...group);
        return settled('applied', null);
      } catch (error) {
        return settled(dispositionFor(error).changeOutcome, describeError(error));
      }
    },
  );
  result.records.push(...applied.flat());
  return result;
};

const createAll = async (
  adapter: ChatPlatformAdapter,
  creates: PlannedCreate[],
  desired: Map<string, DesiredOperator>,
  result: AppliedPlan,
): Promise<void> => {
  const started = performance.now();
  const operators = creates.map((c) => planned(desired, c.operatorKey, c, 'the directory'));
  const outcome = await adapter.createOperators({ operators });
  const durationMs = (performance.now() - started) / creates.length;
  // Each planned create is recorded once, whichever list (if any) the adapter put it in.
  const pending = new Map(creates.map((c) => [c.operatorKey, c]));
  const take = (key: string): PlannedCreate | undefined => {
    const change = pending.get(key);
    pending.delete(key);
    return change;
  };

  for (const created of outcome.created) {
    const change = take(created.key);
    if (change) {
      result.records.push(
        appliedRecord(change, {
          outcome: 'applied',
          error: null,
          durationMs,
          createdId: created.remote.remoteId,
        }),
      );
      result.linked.push({ operatorKey: created.key, remote: created.remote });
    }
  }
  for (const failed of outcome.failed) {
    const change = take(failed.key);
    if (change) {
      const { changeOutcome } = dispositionFor(failed.error);
      result.records.push(
        appliedRecord(change, { outcome: changeOutcome, error: describeError(failed.error), durationMs }),
      );
    }
  }
  // Sent, but neither seen landing nor known to have failed: never re-sent in this run, and the
  // next run's listing settles it (matched then, or created once the platform shows it is not).
  for (const unsettled of outcome.unknown) {
    const change = take(unsettled.key);
    if (change) {
      result.records.push(
        appliedRecord(change, { outcome: 'unknown', error: describeError(unsettled.error), durationMs }),
      );
    }
  }
  // The port puts every key in one list; one left out may still have landed, so it is unknown too.
  for (const change of pending.values()) {
    result.records.push(
      appliedRecord(change, { outcome: 'unknown', error: 'the adapter reported no outcome', durationMs }),
    );
  }
};

const writeGroup = async (
  adapter: ChatPlatformAdapter,
  remoteId: string,
  group: PlannedWrite[],
  desired: Map<string, DesiredOperator>,
): Promise<void> => {
  const { operatorKey } = group[0];
  const operator = operatorKey ? desired.get(operatorKey) : undefined;
  if (group.some((c) => c.action === 'delete')) {
    if (!adapter.deleteOperator) {
      throw new Error(`${adapter.connectorId} cannot delete operators`);
    }
    await adapter.deleteOperator({ remoteId, operator });
    return;
  }
  const changes: UpdateOperatorParams['changes'] = {};
  for (const change of group) {
    if (change.action !== 'update') {
      continue;
    }
    switch (change.field) {
      case 'name':
        changes.name = change.after;
        break;
      case 'email':
        changes.email = change.after;
        break;
      case 'status':
        changes.status = change.after;
        break;
    }
  }
  await adapter.updateOperator({
    remoteId,
    // Unmanaged operators have no directory entry; adapters only need their remote id then.
    operator: operator ?? {
      key: `remote:${remoteId}`,
      name: '',
      role: 'agent',
      status: changes.status ?? 'inactive',
    },
    changes,
  });
};

const groupByRemote = (changes: PlannedWrite[]): Map<string, PlannedWrite[]> => {
  const groups = new Map<string, PlannedWrite[]>();
  for (const change of changes) {
    groups.set(change.remoteId, [...(groups.get(change.remoteId) ?? []), change]);
  }
  return groups;
};

// The planner only links listed operators and creates directory ones; a miss is a caller's bug.
const planned = <T>(
  entries: Map<string, T>,
  key: string,
  change: PlannedCreate | PlannedLink,
  source: string,
): T => {
  const entry = entries.get(key);
  if (entry === undefined) {
    throw new Error(`the planned ${change.action} of ${change.operatorKey} names ${key}, not in ${source}`);
  }
  return entry;
};
