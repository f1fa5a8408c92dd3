import type { DoctorFinding } from '@app/platforms/chat-platform.adapter';
import type { LiveHelperChatClient } from '@app/platforms/livehelperchat/livehelperchat.client';
import { LiveHelperChatDepartmentRows } from '@app/platforms/livehelperchat/livehelperchat-department-rows';
import { ALWAYS_ON_FIX } from '@app/platforms/livehelperchat/livehelperchat-integration.enforcer';
import type { LhcAccount, LhcDepartmentInfo } from '@app/platforms/livehelperchat/livehelperchat.types';

const EXCLUDE_FIX =
  'run `chat-bridge sync` (it sends exclude_autoasign together with the departments, and hide_online), or in the LHC back office: Users → edit the account → tick "Exclude from auto assign workflow", set it offline and save';
const GROUP_FIX =
  'LHC back office: Users → edit the account → tick "Exclude from auto assign workflow" and save (the editor writes every department row, department-group rows included), or remove the account from its department groups; REST never refreshes rows that come from department groups';
const DEPARTMENT_FIX =
  'LHC back office: Users → edit the account → Departments: remove these departments (an integration account needs only "All departments", livehelperchat.md §7.1) or make them read-only; or turn off "Active chats auto-assignment" on the department if that is intended';

/**
 * The settings behind "integration accounts receive chats" (livehelperchat.md §0, §3.4), read
 * without writing anything: accounts still assignable, auto-assigning departments that contain them,
 * and exclusions REST cannot repair (always_on; rows it never rebuilds).
 */
export const diagnoseIntegrationAccounts = async (
  client: LiveHelperChatClient,
  accounts: Array<{ label: string; remoteId: string }>,
): Promise<DoctorFinding[]> => {
  const autoAssign = (await client.departments()).filter((d) => d.autoAssign);
  const rows = new LiveHelperChatDepartmentRows(client);
  const findings: DoctorFinding[] = [];
  const members = new Map<number, string[]>();
  for (const { label, remoteId } of accounts) {
    const user = await client.findUser(remoteId);
    if (!user) {
      findings.push({
        severity: 'warning',
        message: `integration account ${label} (LHC user ${remoteId}) does not exist any more`,
        fix: 'remove it from the roster or link the account that replaced it',
      });
      continue;
    }
    if (user.disabled) {
      continue; // disabled users have no department rows and are never assigned
    }
    const inDepartments = await membership(rows, user, autoAssign);
    inDepartments.member.forEach((d) => members.set(d.id, [...(members.get(d.id) ?? []), label]));
    findings.push(...accountFindings(label, user, inDepartments));
  }
  for (const department of autoAssign.filter((d) => members.has(d.id))) {
    findings.push({
      severity: 'warning',
      message: `department "${department.name}" (${department.id}) has auto-assignment on and contains integration accounts ${members.get(department.id)!.join(', ')}`,
      fix: DEPARTMENT_FIX,
    });
  }
  return findings;
};

interface Membership {
  /** Auto-assigning departments where the account has a writable row. */
  member: LhcDepartmentInfo[];
  /** …of those, where it is online right now (is_online: active, not hidden, not read-only). */
  online: LhcDepartmentInfo[];
  /** …of those, where its row is not set offline. */
  visible: LhcDepartmentInfo[];
}

const membership = async (
  rows: LiveHelperChatDepartmentRows,
  user: LhcAccount,
  autoAssign: LhcDepartmentInfo[],
): Promise<Membership> => {
  const result: Membership = { member: [], online: [], visible: [] };
  for (const department of autoAssign) {
    const row = (await rows.inDepartment(department.id)).find((r) => r.userId === user.id);
    if (!row || row.readOnly) {
      continue;
    }
    result.member.push(department);
    if (row.isOnline) {
      result.online.push(department);
    }
    if (!row.hideOnline) {
      result.visible.push(department);
    }
  }
  return result;
};

const names = (departments: LhcDepartmentInfo[]): string =>
  departments.map((d) => `"${d.name}" (${d.id})`).join(', ');

const accountFindings = (label: string, user: LhcAccount, m: Membership): DoctorFinding[] => {
  const findings: DoctorFinding[] = [];
  if (user.alwaysOn) {
    findings.push({
      severity: 'error',
      message: `integration account ${label} has always_on=1: it counts as active forever and REST cannot clear it`,
      fix: ALWAYS_ON_FIX,
    });
  }
  const reasons = [
    ...(user.excludeAutoassign ? [] : ['exclude_autoasign=0']),
    ...(m.visible.length > 0 ? [`hide_online=0 in ${names(m.visible)}`] : []),
  ];
  if (!user.excludeAutoassign && m.member.length > 0) {
    findings.push({
      severity: m.online.length > 0 ? 'error' : 'warning',
      message:
        m.online.length > 0
          ? `integration account ${label} is assignable right now in ${names(m.online)} (${reasons.join(', ')})`
          : `integration account ${label} is still assignable in ${names(m.member)} as soon as it is active (${reasons.join(', ')})`,
      fix: EXCLUDE_FIX,
    });
  } else if (m.online.length > 0) {
    // lh_users says excluded, yet the account is online where assignment looks: the flag did not
    // reach those rows (finding 1), or they come from a department group.
    findings.push({
      severity: 'error',
      message: `integration account ${label} has exclude_autoasign=1 but is online in ${names(m.online)}, where REST may not reach its department rows`,
      fix: GROUP_FIX,
    });
  }
  return findings;
};
