import { isJsonObject } from '@app/platforms/json-object';
import type { Availability } from '@app/core/operator.types';
import type { AvailabilityReading, RemoteOperator } from '@app/platforms/chat-platform.adapter';
import { LHC_USERNAME_MAX_LENGTH } from '@app/platforms/livehelperchat/livehelperchat.options';
import type {
  LhcAccount,
  LhcChatInfo,
  LhcDepartmentInfo,
  LhcDepartmentRow,
} from '@app/platforms/livehelperchat/livehelperchat.types';
import { PlatformError, PlatformErrorCode } from '@app/core/platform-error';

type Json = Record<string, unknown>;
export interface Where {
  connectorId: string;
  route: string;
}

export const isObject = (value: unknown): value is Json => isJsonObject(value);

export const invalidResponse = (where: Where, what: string): PlatformError =>
  new PlatformError({
    code: PlatformErrorCode.INVALID_RESPONSE,
    connectorId: where.connectorId,
    message: `LiveHelperChat answered ${where.route} with ${what}`,
  });

const TRUE_WORDS = new Set(['1', 'true', 'on', 'yes']);

/** PHP flags arrive as 0/1, "0"/"1", true/false or "true". Anything else is false. */
export const toFlag = (value: unknown): boolean => {
  if (typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) && value !== 0;
  }
  return typeof value === 'string' && TRUE_WORDS.has(value.trim().toLowerCase());
};

/** Integers as numbers or numeric strings; undefined for anything else. */
export const toInt = (value: unknown): number | undefined => {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? value : undefined;
  }
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    return Number.parseInt(value, 10);
  }
  return undefined;
};

const toText = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

/** `departments_ids` is a comma list ("1,5,9,0"); 0 means all departments and -1 none. */
export const parseDepartmentIds = (value: unknown): number[] => {
  const ids = toText(value)
    .split(',')
    .map((part) => toInt(part))
    .filter((id): id is number => id !== undefined && id > 0);
  return [...new Set(ids)];
};

export const parseAccount = (raw: unknown, where: Where): LhcAccount => {
  const id = isObject(raw) ? toInt(raw.id) : undefined;
  const username = isObject(raw) ? toText(raw.username) : '';
  if (!isObject(raw) || id === undefined || username === '') {
    throw invalidResponse(where, 'a user without id or username');
  }
  const ids = toText(raw.departments_ids)
    .split(',')
    .map((part) => toInt(part));
  return {
    id: String(id),
    username,
    email: toText(raw.email),
    name: toText(raw.name),
    surname: toText(raw.surname),
    disabled: toFlag(raw.disabled),
    hideOnline: toFlag(raw.hide_online),
    invisible: toFlag(raw.invisible_mode),
    inactive: toFlag(raw.inactive_mode),
    alwaysOn: toFlag(raw.always_on),
    excludeAutoassign: toFlag(raw.exclude_autoasign),
    allDepartments: toFlag(raw.all_departments) || ids.includes(0),
    departmentIds: parseDepartmentIds(raw.departments_ids),
  };
};

export const parseAccounts = (raw: unknown, where: Where): LhcAccount[] => {
  if (!Array.isArray(raw)) {
    throw invalidResponse(where, 'something other than a list of users');
  }
  return raw.map((item) => parseAccount(item, where));
};

/** One `onlineusers` item; the nested `user` carries the real `lh_users` flags. */
export const parseDepartmentRow = (raw: unknown, where: Where): LhcDepartmentRow => {
  const userId = isObject(raw) ? toInt(raw.user_id) : undefined;
  if (!isObject(raw) || userId === undefined) {
    throw invalidResponse(where, 'an online-user item without user_id');
  }
  const user = isObject(raw.user) && raw.user.id !== undefined ? parseAccount(raw.user, where) : undefined;
  return {
    userId: String(userId),
    depId: toInt(raw.dep_id) ?? 0,
    readOnly: toFlag(raw.ro),
    hideOnline: toFlag(raw.hide_online),
    lastActivity: toInt(raw.last_activity) ?? 0,
    lastAccepted: toInt(raw.last_accepted) ?? 0,
    alwaysOn: toFlag(raw.always_on),
    isOnline: toFlag(raw.is_online),
    user,
  };
};

export const parseDepartmentRows = (raw: unknown, where: Where): LhcDepartmentRow[] => {
  if (!Array.isArray(raw)) {
    throw invalidResponse(where, 'something other than a list of online users');
  }
  return raw.map((item) => parseDepartmentRow(item, where));
};

export const parseDepartments = (raw: unknown, where: Where): LhcDepartmentInfo[] => {
  if (!Array.isArray(raw)) {
    throw invalidResponse(where, 'something other than a list of departments');
  }
  return raw.map((item) => {
    const id = isObject(item) ? toInt(item.id) : undefined;
    if (!isObject(item) || id === undefined) {
      throw invalidResponse(where, 'a department without id');
    }
    return { id, name: toText(item.name) || `#${id}`, autoAssign: toFlag(item.active_balancing) };
  });
};

/** The `list` of GET /restapi/chats: `{filter, list, list_count, error}`. */
export const parseChats = (raw: unknown, where: Where): LhcChatInfo[] => {
  const list = isObject(raw) ? raw.list : undefined;
  if (!Array.isArray(list)) {
    throw invalidResponse(where, 'something other than {list: [chats]}');
  }
  return list.map((item) => {
    const id = isObject(item) ? toInt(item.id) : undefined;
    if (!isObject(item) || id === undefined) {
      throw invalidResponse(where, 'a chat without id');
    }
    return {
      id: String(id),
      ownerId: String(toInt(item.user_id) ?? 0),
      status: toInt(item.status) ?? -1,
      depId: toInt(item.dep_id) ?? 0,
    };
  });
};

/** LHC keeps first name and surname apart; the canonical name is both, joined by one space. */
export const displayName = (account: Pick<LhcAccount, 'name' | 'surname'>): string =>
  account.surname === '' ? account.name : `${account.name} ${account.surname}`;

/**
 * Splits at the first single space, so that displayName() gives the name back exactly; a name
 * with no such space (or odd spacing there) goes whole into `name`.
 */
export const splitName = (full: string): { name: string; surname: string } => {
  const trimmed = full.trim();
  const match = /^(\S+) (\S.*)$/.exec(trimmed);
  return match ? { name: match[1], surname: match[2] } : { name: trimmed, surname: '' };
};

/** The LHC username of an operator chat-bridge creates: unique, so a repeated create cannot duplicate. */
export const toUsername = (key: string): string =>
  key
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, LHC_USERNAME_MAX_LENGTH);

export const toRemoteOperator = (account: LhcAccount, serviceUsername: string): RemoteOperator => ({
  remoteId: account.id,
  name: displayName(account),
  ...(account.email === '' ? {} : { email: account.email }),
  username: account.username,
  status: account.disabled ? 'inactive' : 'active',
  // The connector's own API account is never a person.
  ...(account.username === serviceUsername ? { role: 'integration' as const } : {}),
});

/**
 * Offline is `hide_online`; invisible is online for LHC (still assigned, finding 2) but hidden from
 * visitors, which is canonical `busy`.
 */
export const availabilityOf = (flags: { hideOnline: boolean; invisible: boolean }): Availability =>
  flags.hideOnline ? 'offline' : flags.invisible ? 'busy' : 'online';

/**
 * `is_online` is activity + `hide_online` + `ro`. Offline without `user.hide_online` means
 * the platform decided (activity timeout, auto-inactive): weak, never propagated.
 */
export const toAvailabilityReading = (row: LhcDepartmentRow): AvailabilityReading => {
  const hideOnline = row.user?.hideOnline ?? row.hideOnline;
  if (!row.isOnline) {
    return { remoteId: row.userId, availability: 'offline', ...(hideOnline ? {} : { weak: true }) };
  }
  return {
    remoteId: row.userId,
    availability: availabilityOf({ hideOnline: false, invisible: row.user?.invisible ?? false }),
  };
};
