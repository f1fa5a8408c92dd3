import type { SettingChange } from '@app/platforms/chat-platform.adapter';
import type { LiveHelperChatClient } from '@app/platforms/livehelperchat/livehelperchat.client';
import { LiveHelperChatDepartmentRows } from '@app/platforms/livehelperchat/livehelperchat-department-rows';
import type { LhcAccount, LhcDepartmentRow } from '@app/platforms/livehelperchat/livehelperchat.types';
import { PlatformErrorCode, isPlatformError } from '@app/core/platform-error';

/** An account that must never be auto-assigned: a directory integration operator or the connector's own. */
export interface IntegrationAccount {
  operatorKey: string | null;
  remoteId: string;
}

type Rows = Map<number, LhcDepartmentRow>;

export const ALWAYS_ON_FIX =
  'LHC back office: Users → edit the account → untick "Always online" and save (REST can set always_on but never clear it)';
const GROUP_ROW_FIX =
  'LHC back office: Users → edit the account → tick "Exclude from auto assign workflow" and save (the editor writes every department row, group rows included), or remove the account from the department group';

/**
 * Keeps integration accounts out of auto-assignment (§7.1, §7.2): `exclude_autoasign` sent together
 * with the account's complete `departments`/`departments_read` (without them LHC never copies the
 * flag into the `lh_userdep` rows that assignment reads, finding 1), and `hide_online`, which every
 * row gets. Verified by reading back. Never sends `update_activity` and never touches `always_on`.
 */
export class LiveHelperChatIntegrationEnforcer {
  constructor(private readonly client: LiveHelperChatClient) {}

  async enforce(accounts: IntegrationAccount[], dryRun: boolean): Promise<SettingChange[]> {
    const rows = new LiveHelperChatDepartmentRows(this.client);
    const changes: SettingChange[] = [];
    for (const account of accounts) {
      changes.push(...(await this.enforceOne(account, rows, dryRun)));
    }
    return changes;
  }

  private async enforceOne(
    { operatorKey, remoteId }: IntegrationAccount,
    rows: LiveHelperChatDepartmentRows,
    dryRun: boolean,
  ): Promise<SettingChange[]> {
    const change = (field: string, before: SettingChange['before']): SettingChange => ({
      operatorKey,
      field,
      before,
      after: 1,
      outcome: 'planned',
    });
    const user = await this.client.findUser(remoteId);
    if (!user) {
      return [
        { ...change('account', null), outcome: 'failed', error: `LHC user ${remoteId} does not exist` },
      ];
    }
    // Disabled users have no lh_userdep rows at all (moved to lh_userdep_disabled, §2.2).
    if (user.disabled) {
      return [];
    }
    const before = await rows.of(user);
    const found: SettingChange[] = user.alwaysOn
      ? [{ operatorKey, field: 'always_on', before: 1, after: 0, outcome: 'failed', error: ALWAYS_ON_FIX }]
      : [];
    const offlineEverywhere = user.hideOnline && [...before.values()].every((r) => r.hideOnline);
    const planned = [
      ...(user.excludeAutoassign ? [] : [change('exclude_autoasign', 0)]),
      ...(offlineEverywhere ? [] : [change('hide_online', 0)]),
    ];
    if (planned.length === 0 || dryRun) {
      return [...found, ...planned];
    }
    try {
      await this.client.updateUser(user.id, {
        exclude_autoasign: true,
        hide_online: true,
        ...memberships(before),
      });
    } catch (error) {
      if (!isPlatformError(error) || error.transient || error.code === PlatformErrorCode.AUTH_FAILED) {
        throw error;
      }
      return [...found, ...planned.map((c) => ({ ...c, outcome: 'failed' as const, error: error.message }))];
    }
    return [...found, ...(await this.verify(user, [...before.keys()], planned, rows))];
  }

  // The PUT echo shows only lh_users (§0): read the user and every department row back.
  private async verify(
    user: LhcAccount,
    depIds: number[],
    planned: SettingChange[],
    rows: LiveHelperChatDepartmentRows,
  ): Promise<SettingChange[]> {
    const after = await this.client.getUser(user.id);
    const afterRows = await rows.refresh(after, depIds);
    const stillOnline = [...afterRows.values()].filter((r) => !r.hideOnline).map((r) => r.depId);
    const verified = planned.map((c): SettingChange => {
      const problem =
        c.field === 'exclude_autoasign'
          ? after.excludeAutoassign
            ? undefined
            : 'read back exclude_autoasign=0'
          : !after.hideOnline
            ? 'read back hide_online=0'
            : stillOnline.length > 0
              ? `departments ${stillOnline.join(', ')} still have hide_online=0`
              : undefined;
      return problem ? { ...c, outcome: 'failed', error: problem } : { ...c, outcome: 'applied' };
    });
    return [...verified, ...notRebuilt(afterRows, planned[0].operatorKey)];
  }
}

/**
 * Rows LHC rebuilds from `departments` start with last_activity = last_accepted = 0
 * (lhuserdep.php addUserDepartaments). A department still showing either right after the rebuild
 * kept a row REST did not rebuild: a department-group membership, whose exclude_autoasign REST
 * never refreshes (§2.3). Group rows without activity cannot be told apart (documented).
 */
/**
 * The complete memberships, read-only ones apart: `departments` makes LHC rebuild every direct row
 * (finding 1). Without any row found nothing is sent: `"departments": []` would remove them all.
 */
const memberships = (rows: Rows): { departments?: number[]; departments_read?: number[] } =>
  rows.size === 0
    ? {}
    : {
        departments: [...rows.values()].filter((r) => !r.readOnly).map((r) => r.depId),
        departments_read: [...rows.values()].filter((r) => r.readOnly).map((r) => r.depId),
      };

const notRebuilt = (rows: Rows, operatorKey: string | null): SettingChange[] =>
  [...rows.values()]
    .filter((r) => r.lastActivity > 0 || r.lastAccepted > 0)
    .map((r) => ({
      operatorKey,
      field: `exclude_autoasign@department:${r.depId}`,
      before: null,
      after: 1,
      outcome: 'failed' as const,
      error: `department ${r.depId}: a row REST did not rebuild (department group membership); ${GROUP_ROW_FIX}`,
    }));
