import type { SettingChange } from '@app/platforms/chat-platform.adapter';
import type { LiveHelperChatClient } from '@app/platforms/livehelperchat/livehelperchat.client';
import type { LiveHelperChatDepartmentRows } from '@app/platforms/livehelperchat/livehelperchat-department-rows';
import type { LhcAccount, LhcDepartmentRow } from '@app/platforms/livehelperchat/livehelperchat.types';
import { type PlatformError, PlatformErrorCode, isPlatformError } from '@app/core/platform-error';

type Rows = Map<number, LhcDepartmentRow>;

/**
 * The field of a blind re-send: the exclusion in every per-department row, which REST cannot read
 * (`onlineusers` always shows 0 there), sent again although `lh_users` reads as excluded.
 */
export const RESENT_FIELD = 'exclude_autoasign@departments';

export const GROUP_ROW_FIX =
  'LHC back office: Users → edit the account → tick "Exclude from auto assign workflow" and save (the editor writes every department row, department-group rows included), or remove the account from the department group';

/**
 * LHC said no to this one write (validation, not found, permission): recorded as a failed change.
 * Anything else (transient, bad credentials, not LHC at all) fails the run instead.
 */
export const isRefusal = (error: unknown): error is PlatformError =>
  isPlatformError(error) && !error.transient && error.code !== PlatformErrorCode.AUTH_FAILED;

/**
 * One PUT with `exclude_autoasign` and `hide_online` together with the account's complete
 * `departments`/`departments_read` (without them LHC never copies the flag into the `lh_userdep`
 * rows that assignment reads, finding 1), then the user and every department row read back: the
 * PUT echo shows `lh_users` only. Returns `planned` with each change applied or failed.
 */
export const sendExclusion = async (
  client: LiveHelperChatClient,
  rows: LiveHelperChatDepartmentRows,
  params: { user: LhcAccount; before: Rows; planned: SettingChange[] },
): Promise<SettingChange[]> => {
  const { user, before, planned } = params;
  try {
    await client.updateUser(user.id, { exclude_autoasign: true, hide_online: true, ...memberships(before) });
  } catch (error) {
    if (!isRefusal(error)) {
      throw error;
    }
    return planned.map((c) => ({ ...c, outcome: 'failed' as const, error: error.message }));
  }
  const after = await client.getUser(user.id);
  const afterRows = await rows.refresh(after, [...before.keys()]);
  const stillOnline = [...afterRows.values()].filter((r) => !r.hideOnline).map((r) => r.depId);
  const verified = planned.map((c): SettingChange => {
    const problem = problemOf(c.field, after, stillOnline);
    return problem ? { ...c, outcome: 'failed', error: problem } : { ...c, outcome: 'applied' };
  });
  return [...verified, ...notRebuilt(afterRows, planned[0]?.operatorKey ?? null)];
};

const problemOf = (field: string, after: LhcAccount, stillOnline: number[]): string | undefined => {
  if (field !== 'hide_online') {
    return after.excludeAutoassign ? undefined : 'read back exclude_autoasign=0';
  }
  if (!after.hideOnline) {
    return 'read back hide_online=0';
  }
  return stillOnline.length > 0
    ? `departments ${stillOnline.join(', ')} still have hide_online=0`
    : undefined;
};

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

/**
 * Rows LHC rebuilds from `departments` start with last_activity = last_accepted = 0
 * (lhuserdep.php addUserDepartaments). A department still showing either right after the rebuild
 * kept a row REST did not rebuild: a department-group membership, whose exclude_autoasign REST
 * never refreshes. Group rows without activity cannot be told apart (documented).
 */
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
