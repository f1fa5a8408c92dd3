import { randomUUID } from 'node:crypto';

import { type LhcState, bit } from '@app/simulator/livehelperchat/lhc-state';
import { blankUser, fakeHash } from '@app/simulator/livehelperchat/lhc-user-input';
import type { LhcSeed, LhcUserSeed } from '@app/simulator/livehelperchat/lhc.types';

/** Fills the tables the way the back office and SQL seeding would (API keys have no REST). */
export const applySeed = (state: LhcState, seed: LhcSeed): void => {
  for (const d of seed.departments ?? []) {
    const id = state.nextId('department', d.id);
    state.departments.set(id, {
      id,
      name: d.name,
      active_balancing: bit(d.autoAssign),
      max_active_chats: d.maxActiveChats ?? 0,
      max_ac_dep_chats: d.maxActiveDepartmentChats ?? 0,
      max_timeout_seconds: d.maxTimeoutSeconds ?? 0,
      delay_before_assign: d.delayBeforeAssign ?? 0,
      exclude_inactive_chats: 0,
      active_chats_counter: 0,
      disabled: 0,
      hidden: 0,
    });
  }
  for (const g of seed.departmentGroups ?? []) {
    const id = state.nextId('group', g.id);
    state.groups.set(id, { id, name: g.name, departmentIds: [...g.departmentIds] });
  }
  (seed.users ?? []).forEach((u) => seedUser(state, u));
  for (const key of seed.apiKeys ?? []) {
    const owner = state.findByUsername(key.username);
    if (!owner) {
      throw new Error(`API key for unknown user ${key.username}`);
    }
    state.apiKeys.push({ apiKey: key.apiKey, userId: owner.id, active: key.active ?? true });
  }
  for (const c of seed.chats ?? []) {
    const id = state.nextId('chat', c.id);
    state.chats.set(id, {
      id,
      nick: c.nick ?? `Visitor ${id}`,
      dep_id: c.depId,
      status: c.status ?? 0,
      user_id: c.userId ?? 0,
      time: state.now(),
      tslasign: 0,
      pnd_time: state.now(),
    });
    if (c.userId) {
      state.recountChats(c.userId);
    }
  }
};

const seedUser = (state: LhcState, seed: LhcUserSeed): void => {
  if (state.findByUsername(seed.username)) {
    throw new Error(`user ${seed.username} already exists`);
  }
  const departments = seed.departments ?? [];
  const read = seed.departmentsRead ?? [];
  const groupDepartments = (seed.departmentGroups ?? []).flatMap(
    (g) => state.groups.get(g)?.departmentIds ?? [],
  );
  const direct = [...new Set([...read, ...departments, ...(seed.allDepartments ? [0] : [])])];
  const user = {
    ...blankUser(),
    id: state.nextId('user'),
    username: seed.username,
    password: fakeHash(seed.password ?? randomUUID()),
    email: seed.email ?? `${seed.username}@example.com`,
    name: seed.name ?? seed.username,
    surname: seed.surname ?? '',
    disabled: bit(seed.disabled),
    hide_online: bit(seed.hideOnline),
    invisible_mode: bit(seed.invisible),
    always_on: bit(seed.alwaysOn),
    exclude_autoasign: bit(seed.excludeAutoassign),
    all_departments: bit(seed.allDepartments),
    max_active_chats: seed.maxActiveChats ?? 0,
    // The back office lists group departments here too (Swagger `departments_ids`).
    departments_ids: [...new Set([...direct, ...groupDepartments])].join(','),
    user_groups: seed.userGroups ?? [1],
    pswd_updated: state.now(),
  };
  state.users.set(user.id, user);
  const rowsExclude = bit(seed.rowsExcludeAutoassign ?? seed.excludeAutoassign);
  state.rebuildDirectRows(user, direct, read, rowsExclude);
  state.setGroupMemberships(user, seed.departmentGroups ?? [], rowsExclude);
  state.pushHideOnline(user);
  if (seed.active) {
    state.touch(user.id);
  }
  if (user.disabled) {
    state.moveRows(user.id, true);
  }
};
