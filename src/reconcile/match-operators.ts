import type { DesiredOperator } from '@app/core/operator.types';
import type { OperatorModel, RemoteOperator } from '@app/platforms/chat-platform.adapter';
import type { LinkSnapshot, PlanFinding } from '@app/reconcile/plan.types';
import { normalizeEmail, normalizeName } from '@app/core/normalize';

export interface OperatorMatch {
  operator: DesiredOperator;
  remote: RemoteOperator;
  by: 'link' | 'email' | 'name' | 'key';
}

export interface MatchResult {
  matches: OperatorMatch[];
  /** Desired operators with no remote counterpart and nothing standing in the way of creating one. */
  unmatched: DesiredOperator[];
  /** Remote ids that belong to an ambiguity: never guessed, never deactivated. */
  contested: Set<string>;
  findings: PlanFinding[];
}

/** Trimmed, whitespace-collapsed, lower-case: " John  Smith" and "john smith" are the same name. */

const matchKeyOf = (
  model: OperatorModel,
  value: { name: string; email?: string; key?: string },
): string | undefined => {
  switch (model.matchBy) {
    case 'email':
      return value.email ? normalizeEmail(value.email) : undefined;
    case 'name':
      return normalizeName(value.name);
    case 'key':
      return value.key;
  }
};

/** Link first (authoritative), then a unique e-mail or name. Ambiguity is reported, never resolved. */
export const matchOperators = (
  desired: DesiredOperator[],
  remote: RemoteOperator[],
  links: LinkSnapshot[],
  model: OperatorModel,
): MatchResult => {
  const remoteById = new Map(remote.map((r) => [r.remoteId, r]));
  const linkByKey = new Map(links.map((l) => [l.operatorKey, l]));
  const claimed = new Set<string>();
  const result: MatchResult = { matches: [], unmatched: [], contested: new Set(), findings: [] };
  const pending: DesiredOperator[] = [];

  for (const operator of desired) {
    const link = linkByKey.get(operator.key);
    const linked = link ? remoteById.get(link.remoteId) : undefined;
    if (link && linked) {
      claimed.add(linked.remoteId);
      result.matches.push({ operator, remote: linked, by: 'link' });
      continue;
    }
    if (link) {
      result.findings.push({
        kind: 'stale-link',
        operatorKey: operator.key,
        remoteIds: [link.remoteId],
        message: `linked remote operator ${link.remoteId} no longer exists`,
      });
    }
    pending.push(operator);
  }
  // Remote operators linked to someone outside the desired set stay claimed too.
  for (const link of links) {
    claimed.add(link.remoteId);
  }

  const remoteByKey = groupBy(remote, (r) => matchKeyOf(model, r));
  const desiredByKey = groupBy(pending, (d) => matchKeyOf(model, d));
  for (const operator of pending) {
    const key = matchKeyOf(model, operator);
    if (key === undefined) {
      result.findings.push({
        kind: 'missing-email',
        operatorKey: operator.key,
        remoteIds: [],
        message: `${operator.key} has no e-mail, which this platform matches operators by`,
      });
      continue;
    }
    const candidates = remoteByKey.get(key) ?? [];
    const unclaimed = candidates.filter((r) => !claimed.has(r.remoteId));
    // A deleted duplicate does not compete with a live one (ChatHub keeps deleted operators).
    const live = unclaimed.filter((r) => r.status !== 'deleted');
    const free = live.length > 0 ? live : unclaimed;
    const rivals = desiredByKey.get(key) ?? [];
    if (rivals.length > 1 || free.length > 1) {
      free.forEach((r) => result.contested.add(r.remoteId));
      result.findings.push({
        kind: 'ambiguous',
        operatorKey: operator.key,
        remoteIds: free.map((r) => r.remoteId),
        message:
          rivals.length > 1
            ? `${rivals.length} roster operators share the ${model.matchBy} "${key}"`
            : `${free.length} remote operators match the ${model.matchBy} "${key}" (ids ${free.map((r) => r.remoteId).join(', ')}); rename or delete the duplicates on the platform`,
      });
      continue;
    }
    if (free.length === 1) {
      claimed.add(free[0].remoteId);
      result.matches.push({ operator, remote: free[0], by: model.matchBy });
      continue;
    }
    if (candidates.length > 0) {
      // The name exists but is linked to someone else: creating would make a duplicate.
      result.findings.push({
        kind: 'name-taken',
        operatorKey: operator.key,
        remoteIds: candidates.map((r) => r.remoteId),
        message: `the ${model.matchBy} "${key}" already belongs to another linked operator`,
      });
      continue;
    }
    result.unmatched.push(operator);
  }
  return result;
};

const groupBy = <T>(items: T[], keyOf: (item: T) => string | undefined): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== undefined) {
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
  }
  return groups;
};
