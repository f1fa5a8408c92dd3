import { createHash } from 'node:crypto';

import { type LhcState, bit } from '@app/simulator/livehelperchat/lhc-state';
import type { LhcSimUser } from '@app/simulator/livehelperchat/lhc.types';

type Json = Record<string, unknown>;

// ezcInputForm filters as lhrestapiuservalidator.php declares them: an invalid value is
// simply not "valid data" and is ignored, never an error of its own.
const TRUE_WORDS = ['1', 'true', 'on', 'yes'];
const FALSE_WORDS = ['0', 'false', 'off', 'no', ''];
const phpBool = (value: unknown): boolean | undefined => {
  const text = typeof value === 'boolean' ? String(value) : typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') {
    return undefined;
  }
  const word = text.trim().toLowerCase();
  return TRUE_WORDS.includes(word) ? true : FALSE_WORDS.includes(word) ? false : undefined;
};
const phpInt = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value)
    ? value
    : typeof value === 'string' && /^-?\d+$/.test(value.trim())
      ? Number(value)
      : undefined;
const phpIntArray = (value: unknown): number[] | undefined => {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const ints = value.map(phpInt).filter((i) => i !== undefined);
  return ints.length === value.length ? ints : undefined;
};
const phpString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The bcrypt-looking hash LHC stores and returns; the simulator only needs it to look real. */
export const fakeHash = (password: string): string =>
  `$2y$10$${createHash('sha256').update(password).digest('base64url').slice(0, 53)}`;

export const blankUser = (): LhcSimUser => ({
  id: 0,
  username: '',
  password: '',
  email: '',
  name: '',
  surname: '',
  chat_nickname: '',
  disabled: 0,
  hide_online: 0,
  all_departments: 0,
  invisible_mode: 0,
  inactive_mode: 0,
  always_on: 0,
  exclude_autoasign: 0,
  auto_accept: 0,
  rec_per_req: 0,
  max_active_chats: 0,
  departments_ids: '',
  user_groups: [],
  pswd_updated: 0,
  llogin: 0,
});

export interface UserWrite {
  errors: string[];
  user: LhcSimUser;
  /** The plaintext password of this request: echoed as password_temp_1/password_front. */
  plainPassword?: string;
  departments?: { all: number[]; read: number[] };
  departmentGroups?: number[];
}

/** validateUser(): the REST body applied to a copy of the user, with LHC's error texts. */
export const readUserWrite = (
  state: LhcState,
  existing: LhcSimUser | undefined,
  raw: unknown,
  passwordMinLength: number,
): UserWrite => {
  const body: Json = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Json) : {};
  const user: LhcSimUser = existing ? { ...existing, user_groups: [...existing.user_groups] } : blankUser();
  const errors: string[] = [];
  const username = phpString(body.username);
  if (!existing && !username) {
    errors.push('Please enter a username');
  } else if (username !== undefined && username !== user.username) {
    if (username === '') {
      errors.push('Please enter a username');
    } else if (state.findByUsername(username)) {
      errors.push('User exists');
    }
    user.username = username;
  }
  const password = phpString(body.password);
  if (!existing && !password) {
    errors.push('Password missing');
  } else if (password && password.length < passwordMinLength) {
    errors.push(`Password must be at least ${passwordMinLength} characters long`);
  }
  if (password) {
    user.password = fakeHash(password);
  }
  const email = phpString(body.email);
  if (email !== undefined && EMAIL.test(email)) {
    user.email = email;
  } else if (!existing) {
    errors.push('Wrong email address');
  }
  const name = phpString(body.name);
  if (name) {
    user.name = name;
  } else if (!existing) {
    errors.push('Please enter a name');
  }
  user.surname = phpString(body.surname) ?? user.surname;
  user.chat_nickname = phpString(body.chat_nickname) ?? user.chat_nickname;
  user.max_active_chats = phpInt(body.max_active_chats) ?? user.max_active_chats;
  for (const field of ['hide_online', 'invisible_mode', 'exclude_autoasign', 'disabled'] as const) {
    const value = phpBool(body[field]);
    user[field] = value === undefined ? user[field] : bit(value);
  }
  // Set-only: REST can switch these on, never off.
  for (const field of ['always_on', 'auto_accept', 'rec_per_req'] as const) {
    user[field] = phpBool(body[field]) === true ? 1 : user[field];
  }
  const groups = phpIntArray(body.user_groups);
  if (groups) {
    user.user_groups = groups;
  } else if (!existing) {
    errors.push('Please choose a default user group');
  }
  const departments = phpIntArray(body.departments);
  const departmentsRead = phpIntArray(body.departments_read);
  const all = phpBool(body.all_departments);
  if (all !== undefined) {
    user.all_departments = bit(all);
    if (!departments || !departmentsRead) {
      errors.push(
        'In order to assign user all departments you have to provide  `departments` and `departments_read` argument.',
      );
    }
  }
  const write: UserWrite = { errors, user, plainPassword: password || undefined };
  if (departments) {
    // array_unique(array_merge(departments_read, departments, [0 if all])) (validateUser).
    const ids = [
      ...new Set([...(departmentsRead ?? []), ...departments, ...(user.all_departments ? [0] : [])]),
    ];
    user.departments_ids = ids.join(',');
    write.departments = { all: ids, read: departmentsRead ?? [] };
  }
  write.departmentGroups = phpIntArray(body.department_groups);
  return write;
};

/** user.php after a valid validateUser(): save, move or rebuild rows, push hide_online, fire the event. */
export const commitUserWrite = (
  state: LhcState,
  existing: LhcSimUser | undefined,
  write: UserWrite,
): LhcSimUser => {
  const user = write.user;
  if (!existing) {
    user.id = state.nextId('user');
    user.pswd_updated = state.now();
  }
  state.users.set(user.id, user);
  if ((existing?.disabled ?? 0) !== user.disabled) {
    state.moveRows(user.id, user.disabled === 1);
  }
  if (user.disabled === 0) {
    if (write.departments) {
      state.rebuildDirectRows(user, write.departments.all, write.departments.read);
    }
    if (write.departmentGroups) {
      state.setGroupMemberships(user, write.departmentGroups);
    }
  }
  state.pushHideOnline(user);
  // REST create and update both fire user_created (sic); REST delete fires nothing.
  state.emit({ name: 'user.user_created', userData: user });
  return user;
};
