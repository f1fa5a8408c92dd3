import type { DoctorFinding, RemoteOperator } from '@app/platforms/chat-platform.adapter';
import { normalizeName } from '@app/core/normalize';

/** ChatHub accepts the same name twice; every duplicate group blocks matching by name. */
export const findDuplicateNames = (operators: RemoteOperator[]): DoctorFinding[] => {
  const groups = new Map<string, RemoteOperator[]>();
  for (const operator of operators.filter((o) => o.status !== 'deleted')) {
    const key = normalizeName(operator.name);
    groups.set(key, [...(groups.get(key) ?? []), operator]);
  }
  return [...groups.values()]
    .filter((group) => group.length > 1)
    .map((group) => ({
      severity: 'warning',
      message: `${group.length} ChatHub operators share the name "${group[0].name.trim()}" (ids ${group.map((o) => o.remoteId).join(', ')})`,
      fix: 'set the extra ones to Deleted (status 2) or rename them in ChatHub, so chat-bridge can link the one left',
    }));
};
