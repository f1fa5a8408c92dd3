import type {
  Bit,
  LhcEvent,
  LhcSimChat,
  LhcSimDepartment,
  LhcSimDepartmentGroup,
  LhcSimMessage,
  LhcSimUser,
  LhcSimUserDep,
} from '@app/simulator/livehelperchat/lhc.types';

export const bit = (value: boolean | undefined): Bit => (value ? 1 : 0);

type Table = 'user' | 'row' | 'department' | 'group' | 'chat' | 'msg';

/**
 * The tables behind the REST subset: `lh_users`, `lh_userdep` (+ `_disabled`), departments,
 * department groups, chats and API keys, with the row rules of LHC's lhuserdep.php. Handlers and seeds change it only through these methods.
 */
export class LhcState {
  readonly users = new Map<number, LhcSimUser>();
  readonly departments = new Map<number, LhcSimDepartment>();
  readonly groups = new Map<number, LhcSimDepartmentGroup>();
  readonly chats = new Map<number, LhcSimChat>();
  readonly messages: LhcSimMessage[] = [];
  readonly apiKeys: Array<{ apiKey: string; userId: number; active: boolean }> = [];
  /** Raised events not yet delivered (the simulator drains them). */
  readonly events: LhcEvent[] = [];
  private readonly rows = new Map<number, LhcSimUserDep>();
  private readonly disabledRows = new Map<number, LhcSimUserDep>();
  private readonly memberships = new Map<number, Set<number>>();
  private readonly sequences: Record<Table, number> = {
    user: 0,
    row: 0,
    department: 0,
    group: 0,
    chat: 0,
    msg: 0,
  };

  constructor(
    /** Unix seconds. */
    readonly now: () => number,
    readonly onlineTimeoutSeconds: number,
  ) {}

  nextId(table: Table, wanted?: number): number {
    const id = wanted ?? this.sequences[table] + 1;
    this.sequences[table] = Math.max(this.sequences[table], id);
    return id;
  }

  findByUsername(username: string): LhcSimUser | undefined {
    return [...this.users.values()].find((u) => u.username.toLowerCase() === username.toLowerCase());
  }

  /** The live `lh_userdep` rows (a disabled user's rows are in `lh_userdep_disabled`). */
  rowsOf(userId?: number): LhcSimUserDep[] {
    return [...this.rows.values()].filter((r) => userId === undefined || r.user_id === userId);
  }

  groupsOf(userId: number): number[] {
    return [...(this.memberships.get(userId) ?? [])];
  }

  /** Active within `online_timeout`, or always_on. */
  isActive(row: Pick<LhcSimUserDep, 'last_activity' | 'always_on'>): boolean {
    return row.last_activity > this.now() - this.onlineTimeoutSeconds || row.always_on === 1;
  }

  /**
   * addUserDepartaments: delete the direct rows and insert one per department with the user's
   * exclude_autoasign, hide_online, always_on and max chats; activity and per-department settings
   * start at 0. Department-group rows are left alone (finding 1).
   */
  rebuildDirectRows(user: LhcSimUser, departments: number[], readOnly: number[], rowsExclude?: Bit): void {
    this.rowsOf(user.id)
      .filter((r) => r.type === 0)
      .forEach((r) => this.rows.delete(r.id));
    for (const depId of departments) {
      this.insertRow(
        user,
        depId,
        { ro: bit(readOnly.includes(depId)), type: 0, dep_group_id: 0 },
        rowsExclude,
      );
    }
  }

  /** addUserDepartmentGroups: memberships become exactly `groupIds`; rows of new groups are added. */
  setGroupMemberships(user: LhcSimUser, groupIds: number[], rowsExclude?: Bit): void {
    const previous = this.memberships.get(user.id) ?? new Set<number>();
    for (const groupId of previous) {
      if (!groupIds.includes(groupId)) {
        this.rowsOf(user.id)
          .filter((r) => r.type === 1 && r.dep_group_id === groupId)
          .forEach((r) => this.rows.delete(r.id));
      }
    }
    for (const groupId of groupIds.filter((id) => !previous.has(id))) {
      for (const depId of this.groups.get(groupId)?.departmentIds ?? []) {
        this.insertRow(user, depId, { ro: 0, type: 1, dep_group_id: groupId }, rowsExclude);
      }
    }
    this.memberships.set(user.id, new Set(groupIds));
  }

  /** setHideOnlineStatus: hide_online and always_on go to every row, group rows included. */
  pushHideOnline(user: LhcSimUser): void {
    for (const row of this.rowsOf(user.id)) {
      if (row.hide_online !== user.hide_online) {
        row.hide_online_ts = this.now();
      }
      row.hide_online = user.hide_online;
      row.always_on = user.always_on;
    }
  }

  /** changeDisableStatus: a disabled user's rows move to lh_userdep_disabled and back. */
  moveRows(userId: number, disabled: boolean): void {
    const [from, to] = disabled ? [this.rows, this.disabledRows] : [this.disabledRows, this.rows];
    for (const row of [...from.values()].filter((r) => r.user_id === userId)) {
      from.delete(row.id);
      to.set(row.id, row);
    }
  }

  deleteUser(userId: number): void {
    this.users.delete(userId);
    this.memberships.delete(userId);
    for (const table of [this.rows, this.disabledRows]) {
      [...table.values()].filter((r) => r.user_id === userId).forEach((r) => table.delete(r.id));
    }
  }

  /** updateLastActivityByUser: what the back office does every ~20 s, and `?update_activity`. */
  touch(userId: number): void {
    this.rowsOf(userId).forEach((r) => (r.last_activity = this.now()));
  }

  /** updateActiveChats: the counters auto-assignment compares with the capacity. */
  recountChats(userId: number): void {
    const owned = [...this.chats.values()].filter((c) => c.user_id === userId);
    for (const row of this.rowsOf(userId)) {
      row.active_chats = owned.filter((c) => c.status === 1).length;
      row.pending_chats = owned.filter((c) => c.status === 0).length;
    }
  }

  /** A message in a chat; -1 system and -2 bot are what LHC itself writes. */
  addMessage(chatId: number, userId: number, msg: string): void {
    this.messages.push({ id: this.nextId('msg'), chat_id: chatId, user_id: userId, msg, time: this.now() });
  }

  emit(event: LhcEvent): void {
    this.events.push(event);
  }

  reset(): void {
    for (const table of [
      this.users,
      this.departments,
      this.groups,
      this.chats,
      this.rows,
      this.disabledRows,
    ]) {
      table.clear();
    }
    this.memberships.clear();
    this.messages.length = 0;
    this.apiKeys.length = 0;
    this.events.length = 0;
    (Object.keys(this.sequences) as Table[]).forEach((table) => (this.sequences[table] = 0));
  }

  private insertRow(
    user: LhcSimUser,
    depId: number,
    kind: Pick<LhcSimUserDep, 'ro' | 'type' | 'dep_group_id'>,
    exclude: Bit = user.exclude_autoasign,
  ): void {
    const id = this.nextId('row');
    const owned = [...this.chats.values()].filter((c) => c.user_id === user.id && c.status === 1);
    this.rows.set(id, {
      id,
      user_id: user.id,
      dep_id: depId,
      last_activity: 0,
      hide_online: user.hide_online,
      hide_online_ts: 0,
      last_accepted: 0,
      active_chats: owned.length,
      pending_chats: 0,
      inactive_chats: 0,
      always_on: user.always_on,
      exclude_autoasign: exclude,
      exc_indv_autoasign: 0,
      max_chats: user.max_active_chats,
      assign_priority: 0,
      only_priority: 0,
      ...kind,
    });
  }
}
