import type { SimulatorOptions } from '@app/simulator/framework/simulator.types';

/** 0/1 columns, as PDO returns them. */
export type Bit = 0 | 1;

/** One `lh_users` row. `password` is the (fake) bcrypt hash LHC returns in user GETs. */
export interface LhcSimUser {
  id: number;
  username: string;
  password: string;
  email: string;
  name: string;
  surname: string;
  chat_nickname: string;
  disabled: Bit;
  hide_online: Bit;
  all_departments: Bit;
  invisible_mode: Bit;
  inactive_mode: Bit;
  always_on: Bit;
  exclude_autoasign: Bit;
  auto_accept: Bit;
  rec_per_req: Bit;
  max_active_chats: number;
  /** Comma list (group departments included; 0 = all departments). */
  departments_ids: string;
  user_groups: number[];
  pswd_updated: number;
  llogin: number;
}

/** One `lh_userdep` row: what auto-assignment reads. `type` 1 = via a department group. */
export interface LhcSimUserDep {
  id: number;
  user_id: number;
  dep_id: number;
  last_activity: number;
  hide_online: Bit;
  hide_online_ts: number;
  last_accepted: number;
  active_chats: number;
  pending_chats: number;
  inactive_chats: number;
  always_on: Bit;
  ro: Bit;
  type: Bit;
  dep_group_id: number;
  exclude_autoasign: Bit;
  exc_indv_autoasign: Bit;
  max_chats: number;
  assign_priority: number;
  only_priority: Bit;
}

/** `lh_departament`, the auto-assignment part. */
export interface LhcSimDepartment {
  id: number;
  name: string;
  /** "Active chats auto-assignment". */
  active_balancing: Bit;
  max_active_chats: number;
  max_ac_dep_chats: number;
  max_timeout_seconds: number;
  delay_before_assign: number;
  exclude_inactive_chats: Bit;
  active_chats_counter: number;
  disabled: Bit;
  hidden: Bit;
}

export interface LhcSimDepartmentGroup {
  id: number;
  name: string;
  departmentIds: number[];
}

/** A chat: status 0 pending, 1 active, 2 closed, 5 bot; `user_id` 0 = no owner. */
export interface LhcSimChat {
  id: number;
  nick: string;
  dep_id: number;
  status: number;
  user_id: number;
  time: number;
  tslasign: number;
  pnd_time: number;
}

/** One `lh_msg` row: `user_id` 0 visitor, -1 system, -2 bot, >0 operator. */
export interface LhcSimMessage {
  id: number;
  chat_id: number;
  user_id: number;
  msg: string;
  time: number;
}

export interface LhcUserSeed {
  username: string;
  email?: string;
  name?: string;
  surname?: string;
  password?: string;
  disabled?: boolean;
  hideOnline?: boolean;
  invisible?: boolean;
  alwaysOn?: boolean;
  excludeAutoassign?: boolean;
  /**
   * What the department rows say. Default: the same as `excludeAutoassign`, as the back-office
   * editor writes it. `false` with `excludeAutoassign: true` is finding 1: set over REST alone.
   */
  rowsExcludeAutoassign?: boolean;
  allDepartments?: boolean;
  departments?: number[];
  departmentsRead?: number[];
  /** Memberships through department groups (back office only; REST never refreshes these rows). */
  departmentGroups?: number[];
  userGroups?: number[];
  maxActiveChats?: number;
  /** Recent activity now (back office open, or `update_activity`), so online if not hidden. */
  active?: boolean;
}

export interface LhcSeed {
  departments?: Array<{
    id?: number;
    name: string;
    autoAssign?: boolean;
    maxActiveChats?: number;
    maxActiveDepartmentChats?: number;
    maxTimeoutSeconds?: number;
    delayBeforeAssign?: number;
  }>;
  departmentGroups?: Array<{ id?: number; name: string; departmentIds: number[] }>;
  users?: LhcUserSeed[];
  /** Keys live in lh_abstract_rest_api_key; there is no REST endpoint to create them. */
  apiKeys?: Array<{ username: string; apiKey: string; active?: boolean }>;
  chats?: Array<{ id?: number; depId: number; nick?: string; status?: number; userId?: number }>;
}

/** Where LHC's "Rest API" bot action posts, and how it sends the shared secret. */
export interface LhcWebhookTarget {
  url: string;
  secret?: string;
  /** Custom header `X-Bridge-Secret` (default) or the API-key-in-query option as `?secret=`. */
  secretIn?: 'header' | 'query';
  /**
   * The trigger action's "Do not save response". Unticked (LHC's default), a non-empty answer to
   * a chat event is saved into that chat as a bot message, which the visitor sees.
   */
  doNotSaveResponse?: boolean;
}

export interface LhcSimulatorOptions extends SimulatorOptions {
  /** Clock in ms; activity, timeouts and timestamps use it. */
  now?: () => number;
  /** `online_timeout` of `sync_sound_settings`, default 300 s. */
  onlineTimeoutSeconds?: number;
  /** Answer ids and flags as numeric strings, as PHP sometimes does. */
  numbersAsStrings?: boolean;
  /** Minimum password length of LHC's password policy; default 8. */
  passwordMinLength?: number;
  /** Validate requests against livehelperchat-swagger.json (default true). */
  validateWithSpec?: boolean;
}

/** Route keys, for call counts and fault injection. Each serves `/restapi/…` and `/index.php/restapi/…`. */
export const LHC_ROUTES = {
  getUsers: 'GET /{index.php/}restapi/getusers',
  getUser: 'GET /{index.php/}restapi/user/:user_id',
  createUser: 'POST /{index.php/}restapi/user',
  updateUser: 'PUT /{index.php/}restapi/user/:user_id',
  deleteUser: 'DELETE /{index.php/}restapi/user/:user_id',
  userDepartments: 'POST /{index.php/}restapi/user_departments',
  setOnlineStatus: 'GET /{index.php/}restapi/setonlinestatus/:user_id/:online',
  updateLastActivity: 'GET /{index.php/}restapi/updatelastactivity/:user_id',
  onlineUsers: 'GET /{index.php/}restapi/onlineusers',
  departments: 'GET /{index.php/}restapi/departments',
  setChatStatus: 'POST /{index.php/}restapi/setchatstatus',
  chats: 'GET /{index.php/}restapi/chats',
} as const;

export type LhcRouteKey = (typeof LHC_ROUTES)[keyof typeof LHC_ROUTES];

/** Events the simulator raises, as LHC dispatches them. */
export type LhcEvent =
  | {
      name: 'chat.operator_status_changed' | 'chat.operator_visibility_changed';
      user: LhcSimUser;
      reason: string;
    }
  | { name: 'user.user_created' | 'user.user_modified'; userData: LhcSimUser }
  | { name: 'chat.data_changed_auto_assign'; chat: LhcSimChat };
