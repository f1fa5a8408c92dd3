/** Raw LiveHelperChat REST shapes, as its `/restapi` sends them. They never leave this folder. */

/** PHP answers ints, numeric strings or booleans for the same field; the mapper reads them leniently. */
export type LhcScalar = number | string | boolean | null | undefined;

/**
 * `lh_users` as getusers and GET/PUT /restapi/user answer it. The client has already removed
 * `password` (the hash) and, on create, `password_temp_1`/`password_front` (the plaintext).
 */
export interface LhcUser {
  id: LhcScalar;
  username?: LhcScalar;
  email?: LhcScalar;
  name?: LhcScalar;
  surname?: LhcScalar;
  disabled?: LhcScalar;
  hide_online?: LhcScalar;
  invisible_mode?: LhcScalar;
  inactive_mode?: LhcScalar;
  always_on?: LhcScalar;
  exclude_autoasign?: LhcScalar;
  all_departments?: LhcScalar;
  /** Comma list, group-derived departments included; `0` means all departments. */
  departments_ids?: LhcScalar;
  [field: string]: unknown;
}

/**
 * One `onlineusers` item: the user's `lh_userdep` rows aggregated with max. Any other model
 * property (e.g. `exclude_autoasign`) is its default 0, not the real value: read the nested `user`.
 */
export interface LhcOnlineUser {
  user_id: LhcScalar;
  id?: LhcScalar;
  dep_id?: LhcScalar;
  ro?: LhcScalar;
  hide_online?: LhcScalar;
  last_activity?: LhcScalar;
  last_accepted?: LhcScalar;
  always_on?: LhcScalar;
  is_online?: LhcScalar;
  invisible_mode?: LhcScalar;
  /** With `include_user=true`; an empty object when the user row is gone. */
  user?: LhcUser | Record<string, never>;
  [field: string]: unknown;
}

/** `lh_departament` as GET /restapi/departments answers it. */
export interface LhcDepartment {
  id: LhcScalar;
  name?: LhcScalar;
  /** "Active chats auto-assignment". */
  active_balancing?: LhcScalar;
  disabled?: LhcScalar;
  [field: string]: unknown;
}

/** The usual answer `{"error": false, "result": …}`, or `{"error": true, "result": "<message>"}`. */
export interface LhcEnvelope {
  error?: LhcScalar;
  result?: unknown;
  [field: string]: unknown;
}

/** JSON body of POST/PUT /restapi/user; the Swagger types the flags as booleans. */
export interface LhcUserWrite {
  username?: string;
  password?: string;
  email?: string;
  name?: string;
  surname?: string;
  disabled?: boolean;
  hide_online?: boolean;
  exclude_autoasign?: boolean;
  user_groups?: number[];
  departments?: number[];
  departments_read?: number[];
}

/** A user in the mapper's terms: flags are booleans, ids strings, departments numbers. */
export interface LhcAccount {
  id: string;
  username: string;
  email: string;
  name: string;
  surname: string;
  disabled: boolean;
  hideOnline: boolean;
  invisible: boolean;
  inactive: boolean;
  alwaysOn: boolean;
  excludeAutoassign: boolean;
  allDepartments: boolean;
  /** Explicit departments (direct or through a department group); `0` (all departments) left out. */
  departmentIds: number[];
}

/** One user's `lh_userdep` state in one department (or aggregated over all of them without `dep_id`). */
export interface LhcDepartmentRow {
  userId: string;
  depId: number;
  readOnly: boolean;
  hideOnline: boolean;
  lastActivity: number;
  lastAccepted: number;
  alwaysOn: boolean;
  isOnline: boolean;
  user?: LhcAccount;
}

/** One chat of GET /restapi/chats; `user_id` is the owner, 0 for none. */
export interface LhcChat {
  id: LhcScalar;
  user_id?: LhcScalar;
  status?: LhcScalar;
  dep_id?: LhcScalar;
  [field: string]: unknown;
}

/** A chat in the mapper's terms. */
export interface LhcChatInfo {
  id: string;
  ownerId: string;
  status: number;
  depId: number;
}

export interface LhcDepartmentInfo {
  id: number;
  name: string;
  autoAssign: boolean;
}
