import type { LhcState } from '@app/simulator/livehelperchat/lhc-state';
import type { LhcSimDepartment, LhcSimUser, LhcSimUserDep } from '@app/simulator/livehelperchat/lhc.types';

type Json = Record<string, unknown>;

export interface ViewOptions {
  /** PHP sometimes answers numeric strings. */
  numbersAsStrings: boolean;
}

const php = (value: Json, options: ViewOptions): Json =>
  options.numbersAsStrings
    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]))
    : value;

/**
 * formatAPI(): get_object_vars($user). User GET/POST/PUT include the bcrypt `password` hash;
 * getusers and onlineusers strip it. `extra` carries the create's plaintext echo.
 */
export const userView = (
  user: LhcSimUser,
  options: ViewOptions & { withPassword: boolean; extra?: Json },
): Json => {
  const { password, user_groups: _groups, ...fields } = user;
  return {
    ...php(
      {
        ...fields,
        filepath: '',
        filename: '',
        skype: '',
        job_title: '',
        time_zone: '',
        xmpp_username: '',
        session_id: '',
        max_active_mails: 0,
        attr_int_1: 0,
        attr_int_2: 0,
        attr_int_3: 0,
        operation_admin: '',
        exclude_autoasign_mails: 0,
        avatar: '',
        cache_version: 0,
        force_logout: 0,
        offline_reason_id: 0,
      },
      options,
    ),
    ...(options.withPassword ? { password } : {}),
    ...options.extra,
  };
};

export const departmentView = (department: LhcSimDepartment, options: ViewOptions): Json =>
  php({ ...department }, options);

const AGGREGATED = [
  'id',
  'dep_id',
  'ro',
  'hide_online_ts',
  'hide_online',
  'last_activity',
  'always_on',
  'last_accepted',
  'active_chats',
  'pending_chats',
  'inactive_chats',
] as const;

/**
 * Row properties onlineusers.php does not aggregate: each item shows the model's default, whatever
 * the rows hold. So the per-row exclusion flags, priorities and membership type cannot be read
 * over REST at all (seen on 4.90v: `exclude_autoasign` 0 in the item, 1 in `lh_userdep`).
 */
const UNREADABLE_ROW_FIELDS = {
  lastd_activity: 0,
  max_chats: 0,
  max_mails: 0,
  last_accepted_mail: 0,
  active_mails: 0,
  pending_mails: 0,
  type: 0,
  dep_group_id: 0,
  exclude_autoasign: 0,
  exclude_autoasign_mails: 0,
  exc_indv_autoasign: 0,
  assign_priority: 0,
  chat_min_priority: 0,
  chat_max_priority: 0,
  only_priority: 0,
} as const;

/**
 * GET /restapi/onlineusers (modules/lhrestapi/onlineusers.php): the rows, optionally of one
 * department, grouped by user with max() of the columns above; every other row property keeps its
 * default (UNREADABLE_ROW_FIELDS).
 */
export const onlineUsersView = (state: LhcState, query: Json, options: ViewOptions): Json[] => {
  const depId =
    typeof query.dep_id === 'string' && /^\d+$/.test(query.dep_id) ? Number(query.dep_id) : undefined;
  let rows = state.rowsOf().filter((r) => depId === undefined || r.dep_id === depId);
  if (query.include_offline !== 'true') {
    rows = rows.filter((r) => state.isActive(r) && r.hide_online === 0 && r.ro === 0);
  }
  const byUser = new Map<number, LhcSimUserDep[]>();
  rows.forEach((r) => byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]));
  const items: Json[] = [];
  for (const [userId, userRows] of byUser) {
    const user = state.users.get(userId);
    const max = Object.fromEntries(AGGREGATED.map((c) => [c, Math.max(...userRows.map((r) => r[c]))]));
    const isOnline = state.isActive(max as never) && max.hide_online === 0 && max.ro === 0;
    const dropped =
      !user ||
      (user.invisible_mode === 1 && query.exclude_invisible === 'true') ||
      (query.include_disabled !== 'true' && user.disabled === 1);
    if (dropped) {
      continue;
    }
    items.push({
      ...php(
        {
          user_id: userId,
          ...max,
          ...UNREADABLE_ROW_FIELDS,
          invisible_mode: user.invisible_mode,
        },
        options,
      ),
      dep_id_filter: [],
      is_online: isOnline,
      ...(query.include_user === 'true' ? { user: userView(user, { ...options, withPassword: false }) } : {}),
    });
  }
  // 'active_chats DESC, hide_online ASC'
  return items.sort(
    (a, b) =>
      Number(b.active_chats) - Number(a.active_chats) || Number(a.hide_online) - Number(b.hide_online),
  );
};
