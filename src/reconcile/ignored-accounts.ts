import type { IgnoredAccount } from '@app/core/config.types';
import { normalizeEmail } from '@app/core/normalize';
import type { RemoteOperator } from '@app/platforms/chat-platform.adapter';

const isIgnored = (remote: RemoteOperator, rule: IgnoredAccount): boolean =>
  (rule.username !== undefined && remote.username === rule.username) ||
  (rule.email !== undefined &&
    remote.email !== undefined &&
    normalizeEmail(remote.email) === normalizeEmail(rule.email));

/**
 * The connector's remote accounts minus those `directory.ignore` names: a run never sees them, so
 * they are neither reported as unmanaged, nor matched, linked, updated or deactivated.
 */
export const withoutIgnored = (
  remote: RemoteOperator[],
  ignore: readonly IgnoredAccount[],
  connectorId: string,
): RemoteOperator[] => {
  const rules = ignore.filter((rule) => rule.connector === connectorId);
  return rules.length === 0 ? remote : remote.filter((r) => !rules.some((rule) => isIgnored(r, rule)));
};
