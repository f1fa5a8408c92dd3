import type { OperatorLinkEntity } from '@app/database/entities/operator-link.entity';
import type { OperatorLinkUpsert } from '@app/database/repositories/operator-link.repository';
import type { RemoteOperator } from '@app/platforms/chat-platform.adapter';
import type { PlannedWrite } from '@app/reconcile/plan.types';

export interface LinkWrites {
  /** Links that are new or whose remote snapshot changed; unchanged ones are left alone. */
  upserts: OperatorLinkUpsert[];
}

/**
 * What each link should remember about its remote operator after a run: the listed state with the
 * applied changes laid over it. Only differences are written, so a quiet run writes nothing.
 */
export const planLinkSnapshots = (params: {
  connectorId: string;
  stored: OperatorLinkEntity[];
  remote: RemoteOperator[];
  linked: Array<{ operatorKey: string; remote: RemoteOperator }>;
  applied: PlannedWrite[];
  now: Date;
}): LinkWrites => {
  const remoteById = new Map(params.remote.map((r) => [r.remoteId, r]));
  params.linked.forEach(({ remote }) => remoteById.set(remote.remoteId, remote));
  const storedByKey = new Map(params.stored.map((l) => [l.operatorKey, l]));
  const mapping = new Map(params.stored.map((l) => [l.operatorKey, l.remoteId]));
  params.linked.forEach(({ operatorKey, remote }) => mapping.set(operatorKey, remote.remoteId));
  const appliedByRemote = new Map<string, PlannedWrite[]>();
  for (const change of params.applied) {
    appliedByRemote.set(change.remoteId, [...(appliedByRemote.get(change.remoteId) ?? []), change]);
  }

  const upserts: OperatorLinkUpsert[] = [];
  for (const [operatorKey, remoteId] of mapping) {
    const remote = remoteById.get(remoteId);
    if (!remote) {
      continue;
    }
    const snapshot = overlay(remote, appliedByRemote.get(remoteId) ?? []);
    const stored = storedByKey.get(operatorKey);
    // Platforms that do not report availability in their list (it is polled or pushed) leave the
    // last seen value alone.
    const availability = snapshot.availability ?? stored?.remoteAvailability ?? undefined;
    const unchanged =
      stored?.remoteId === remoteId &&
      stored.remoteName === snapshot.name &&
      (stored.remoteEmail ?? undefined) === snapshot.email &&
      stored.remoteStatus === snapshot.status &&
      (stored.remoteAvailability ?? undefined) === availability;
    if (!unchanged) {
      upserts.push({
        connectorId: params.connectorId,
        operatorKey,
        remoteId,
        remoteName: snapshot.name,
        remoteEmail: snapshot.email ?? null,
        remoteStatus: snapshot.status,
        remoteAvailability: availability ?? null,
        seenAt: params.now,
      });
    }
  }
  return { upserts };
};

const overlay = (remote: RemoteOperator, changes: PlannedWrite[]): RemoteOperator => {
  const result = { ...remote };
  for (const change of changes) {
    if (change.action !== 'update') {
      continue;
    }
    switch (change.field) {
      case 'name':
        result.name = change.after;
        break;
      case 'email':
        result.email = change.after;
        break;
      case 'status':
        result.status = change.after;
        break;
    }
  }
  return result;
};
