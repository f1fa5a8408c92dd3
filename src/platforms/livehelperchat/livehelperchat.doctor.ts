import type { DoctorFinding } from '@app/platforms/chat-platform.adapter';
import type { LiveHelperChatClient } from '@app/platforms/livehelperchat/livehelperchat.client';
import { LiveHelperChatDepartmentRows } from '@app/platforms/livehelperchat/livehelperchat-department-rows';
import { GROUP_ROW_FIX } from '@app/platforms/livehelperchat/livehelperchat-exclusion';
import { ALWAYS_ON_FIX } from '@app/platforms/livehelperchat/livehelperchat-integration.enforcer';
import type { LhcAccount, LhcDepartmentInfo } from '@app/platforms/livehelperchat/livehelperchat.types';

// Fix texts stand alone: they name only the CLI and LHC's own back-office screens.
const EXCLUDE_FIX =
  'run `chat-bridge sync`: it sends exclude_autoasign and hide_online together with the account\'s departments, which makes LHC rewrite every department row; or in the LHC back office: Users → edit the account → tick "Exclude from auto assign workflow", set it offline and save';
const UNREADABLE_FIX =
  'make sure the chat-bridge daemon runs: it re-sends the exclusion with the departments on every start and every options.reassertIntegrationEvery (default 24h), and at once when a chat lands on the account; or in the LHC back office: Users → edit the account → tick "Exclude from auto assign workflow" and save. Best, set the account offline (chat-bridge sync does) or remove these departments from it';
const DEPARTMENT_FIX =
  'LHC back office: Users → edit the account → Departments: remove these departments (an integration account needs only "All departments", which no chat is ever assigned through) or make them read-only; or turn "Active chats auto-assignment" off in the department if no one should be auto-assigned there';

/**
 * The settings behind "integration accounts receive chats" (auto-assignment reads each user's
 * per-department rows), read without writing anything: every auto-assigning department where
 * an account is assignable now or as soon as it is active, accounts with always_on, and the
 * departments that contain them. REST shows each row's offline flag, read-only flag and activity,
 * never its exclude_autoasign: a row that is not offline is reported even when the user record
 * says excluded.
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
        fix: 'remove it from directory.roster in the chat-bridge configuration, or give the roster entry the e-mail of the account that replaced it',
      });
      continue;
    }
    if (user.disabled) {
      continue; // disabled users have no department rows and are never assigned
    }
    const rowsOf = await membership(rows, user, autoAssign);
    rowsOf.member.forEach((d) => members.set(d.id, [...(members.get(d.id) ?? []), label]));
    findings.push(...accountFindings(label, user, rowsOf));
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
  /** …of those, where it is not online now but its row is not set offline: assignable once active. */
  onceActive: LhcDepartmentInfo[];
}

const membership = async (
  rows: LiveHelperChatDepartmentRows,
  user: LhcAccount,
  autoAssign: LhcDepartmentInfo[],
): Promise<Membership> => {
  const result: Membership = { member: [], online: [], onceActive: [] };
  for (const department of autoAssign) {
    const row = (await rows.inDepartment(department.id)).find((r) => r.userId === user.id);
    if (!row || row.readOnly) {
      continue;
    }
    result.member.push(department);
    if (row.isOnline) {
      result.online.push(department);
    } else if (!row.hideOnline) {
      result.onceActive.push(department);
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
  if (!user.excludeAutoassign && m.member.length > 0) {
    const hidden = m.member.filter((d) => !m.online.includes(d) && !m.onceActive.includes(d));
    const where = [
      m.online.length > 0 ? `right now in ${names(m.online)}` : '',
      m.onceActive.length > 0 ? `as soon as it is active in ${names(m.onceActive)}` : '',
      hidden.length > 0 ? `once set online and active in ${names(hidden)}` : '',
    ];
    findings.push({
      severity: m.online.length > 0 ? 'error' : 'warning',
      message: `integration account ${label} has exclude_autoasign=0 and is assignable ${where.filter((w) => w !== '').join('; ')}`,
      fix: EXCLUDE_FIX,
    });
    return findings;
  }
  // lh_users says excluded; whether the rows say so REST cannot show (finding 1). A row that is
  // online, or not offline, is assignable the moment its exclusion is gone or never got there.
  if (m.online.length > 0) {
    findings.push({
      severity: 'error',
      message: `integration account ${label} has exclude_autoasign=1 in its user record but is online in ${names(m.online)}: it is assignable there if a department row lacks the exclusion (department groups, edits REST cannot see)`,
      fix: `${GROUP_ROW_FIX}; and set the account offline`,
    });
  }
  if (m.onceActive.length > 0) {
    findings.push({
      severity: 'warning',
      message: `integration account ${label} is not set offline in ${names(m.onceActive)}: as soon as it is active it is assignable there unless each department row still holds the exclusion, which LHC's REST API cannot show`,
      fix: UNREADABLE_FIX,
    });
  }
  return findings;
};
