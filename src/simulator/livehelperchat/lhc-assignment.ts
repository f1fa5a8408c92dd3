import type { LhcState } from '@app/simulator/livehelperchat/lhc-state';
import type { LhcSimDepartment, LhcSimUserDep } from '@app/simulator/livehelperchat/lhc.types';

export type AutoAssignResult = { assigned: true; userId: number } | { assigned: false; reason: string };

const STATUS_PENDING = 0;

/**
 * lhchatworkflow.php autoAssign as describes it: the department gate,
 * then one lh_userdep row of the chat's department that is writable, not offline, not
 * priority-only, active (or always_on), under capacity and excluded neither per user nor per
 * department. Invisible mode is not looked at (finding 2), `lh_users` is not looked at (finding 1).
 */
export const autoAssign = (state: LhcState, chatId: number): AutoAssignResult => {
  const chat = state.chats.get(chatId);
  if (!chat) {
    return { assigned: false, reason: `chat ${chatId} does not exist` };
  }
  const department = state.departments.get(chat.dep_id);
  const now = state.now();
  const gate = gateProblem(department, chat.status, chat.user_id, chat.tslasign, now);
  if (gate || !department) {
    return { assigned: false, reason: gate ?? 'no department' };
  }
  const candidates = state
    .rowsOf()
    .filter(
      (r) =>
        r.dep_id === chat.dep_id &&
        r.last_accepted < now - department.delay_before_assign &&
        r.ro === 0 &&
        r.hide_online === 0 &&
        r.only_priority === 0 &&
        state.isActive(r) &&
        r.user_id !== chat.user_id &&
        underCapacity(r, department) &&
        r.exclude_autoasign === 0 &&
        r.exc_indv_autoasign === 0,
    )
    // ORDER BY last_accepted ASC (the default, without priority or lower-limit routing).
    .sort((a, b) => a.last_accepted - b.last_accepted || a.id - b.id);
  const chosen = candidates[0];
  if (!chosen) {
    return { assigned: false, reason: 'no eligible operator' };
  }
  const previousOwner = chat.user_id;
  chat.user_id = chosen.user_id;
  chat.tslasign = now;
  state.rowsOf(chosen.user_id).forEach((r) => (r.last_accepted = now));
  state.recountChats(chosen.user_id);
  if (previousOwner > 0) {
    state.recountChats(previousOwner);
  }
  const assignee = state.users.get(chosen.user_id);
  const name = `${assignee?.name ?? ''} ${assignee?.surname ?? ''}`.trim();
  state.addMessage(chat.id, -1, `Chat was assigned to [${chosen.user_id}] ${name}`);
  // The chat stays pending until the operator accepts it.
  state.emit({ name: 'chat.data_changed_auto_assign', chat: { ...chat } });
  return { assigned: true, userId: chosen.user_id };
};

/**
 * One pass of the workflow cron (modules/lhcron/workflow.php): every pending chat, `priority DESC,
 * id ASC`, up to 500, through autoAssign(). A chat handed back to pending without an owner is
 * assigned again here, to whoever is eligible: the same account if nothing changed (ping-pong).
 */
export const runWorkflow = (state: LhcState): Array<{ chatId: number } & AutoAssignResult> =>
  [...state.chats.values()]
    .filter((chat) => chat.status === STATUS_PENDING)
    .sort((a, b) => a.id - b.id)
    .slice(0, 500)
    .map((chat) => ({ chatId: chat.id, ...autoAssign(state, chat.id) }));

const gateProblem = (
  department: LhcSimDepartment | undefined,
  status: number,
  owner: number,
  lastAssigned: number,
  now: number,
): string | undefined => {
  if (!department || department.active_balancing !== 1) {
    return 'auto-assignment is off in the department';
  }
  if (department.max_ac_dep_chats > 0 && department.active_chats_counter >= department.max_ac_dep_chats) {
    return 'the department is at its active-chat limit';
  }
  const reassign = department.max_timeout_seconds > 0 && lastAssigned < now - department.max_timeout_seconds;
  if (owner !== 0 && !reassign) {
    return 'the chat already has an owner';
  }
  return status === STATUS_PENDING ? undefined : 'the chat is not pending';
};

// load = active + pending (minus inactive with exclude_inactive_chats); max_chats 0 = department limit.
const underCapacity = (row: LhcSimUserDep, department: LhcSimDepartment): boolean => {
  const load =
    row.active_chats + row.pending_chats - (department.exclude_inactive_chats ? row.inactive_chats : 0);
  if (department.max_active_chats > 0) {
    return (
      (row.max_chats === 0 && load < department.max_active_chats) ||
      (row.max_chats > 0 && load < row.max_chats)
    );
  }
  return row.max_chats === 0 || load < row.max_chats;
};
