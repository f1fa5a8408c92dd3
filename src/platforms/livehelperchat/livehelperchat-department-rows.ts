import type { LiveHelperChatClient } from '@app/platforms/livehelperchat/livehelperchat.client';
import type { LhcAccount, LhcDepartmentRow } from '@app/platforms/livehelperchat/livehelperchat.types';

/**
 * The per-department view of `lh_userdep` that REST offers: `onlineusers?dep_id=N` aggregates one
 * department's rows per user. It shows `ro`, `hide_online`, activity and `is_online` per
 * department, but never the rows' `exclude_autoasign` (always 0 there): that one cannot be read
 * back over REST. One read per department per run, shared by every account.
 */
export class LiveHelperChatDepartmentRows {
  private readonly cache = new Map<number, Promise<LhcDepartmentRow[]>>();

  constructor(private readonly client: LiveHelperChatClient) {}

  /** Every user's row in one department (cached for this run). */
  inDepartment(depId: number): Promise<LhcDepartmentRow[]> {
    let rows = this.cache.get(depId);
    if (!rows) {
      rows = this.client.onlineUsers(depId);
      this.cache.set(depId, rows);
    }
    return rows;
  }

  /** The account's row in each of its departments; a department with no row is left out. */
  async of(account: LhcAccount): Promise<Map<number, LhcDepartmentRow>> {
    const found = new Map<number, LhcDepartmentRow>();
    for (const depId of account.departmentIds) {
      const row = (await this.inDepartment(depId)).find((r) => r.userId === account.id);
      if (row) {
        found.set(depId, { ...row, depId });
      }
    }
    return found;
  }

  /** Reads the departments again (after a write), replacing what was cached. */
  async refresh(account: LhcAccount, depIds: number[]): Promise<Map<number, LhcDepartmentRow>> {
    depIds.forEach((depId) => this.cache.delete(depId));
    return this.of({ ...account, departmentIds: depIds });
  }
}
