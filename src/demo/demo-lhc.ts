import { type ChangeTeller, nameOf, say, show } from '@app/demo/demo-narration';
import type { ActContext, ActOutcome } from '@app/demo/demo-story.types';
import type { LhcSimUser } from '@app/simulator/livehelperchat/lhc.types';
import type { LiveHelperChatSimulator } from '@app/simulator/livehelperchat/livehelperchat.simulator';
import type { LhcDemoScenario } from '@app/simulator/scenarios/scenario.types';

const fullName = (user: LhcSimUser | undefined): string =>
  user ? `${user.name} ${user.surname}`.trim() : 'an unknown user';

/** "Sales 0, Support 0": one flag of every department row of the user. */
const rowFlags = (
  lhc: LiveHelperChatSimulator,
  userId: number,
  flag: 'exclude_autoasign' | 'hide_online',
): string => {
  const names = new Map(lhc.departments().map((d) => [d.id, d.name]));
  return lhc
    .departmentRows(userId)
    .map((row) => `${names.get(row.dep_id) ?? `department ${row.dep_id}`} ${row[flag]}`)
    .join(', ');
};

/** Before the daemon starts: the integration account LHC still auto-assigns. */
export const lhcSeed = ({ lhc, ids }: LhcDemoScenario): string[] => {
  const api = lhc.user(ids.apiUserId);
  return [
    `${fullName(api)} (${ids.apiUserId}) is excluded in lh_users (exclude_autoasign ${api?.exclude_autoasign}), but not in the department rows auto-assignment reads (${rowFlags(lhc, ids.apiUserId, 'exclude_autoasign')}), and it is online and active: LHC still gives it chats`,
  ];
};

const who = (change: Parameters<ChangeTeller>[0], context: Parameters<ChangeTeller>[1]): string =>
  change.operatorKey ? nameOf(change, context) : "chat-bridge's own API account";

/** The integration-account settings the run enforced, in LHC words. */
export const lhcChangeTellers: Record<string, ChangeTeller> = {
  exclude_autoasign: (change, context) =>
    change.outcome === 'applied'
      ? `${who(change, context)}: excluded from auto-assignment in lh_users and every department row (exclude_autoasign ${show(change.before)} → ${show(change.after)})`
      : undefined,
  hide_online: (change, context) =>
    change.outcome === 'applied'
      ? `${who(change, context)}: set offline (hide_online ${show(change.before)} → ${show(change.after)}), sent with its departments so LHC rewrites every department row`
      : undefined,
};

/** After the start-up run: the account's rows, then a new chat that must not go to it. */
export const lhcAct = async ({
  scenario: { lhc, ids },
}: ActContext<LhcDemoScenario>): Promise<ActOutcome> => {
  const api = lhc.user(ids.apiUserId);
  const name = fullName(api);
  const rows = lhc.departmentRows(ids.apiUserId);
  const excluded = rows.length > 0 && rows.every((r) => r.exclude_autoasign === 1);
  const offline = api?.hide_online === 1 && rows.every((r) => r.hide_online === 1);
  say(
    `  now: ${name} is ${excluded ? 'excluded in every department row' : 'still NOT excluded in its department rows'} (exclude_autoasign: ${rowFlags(lhc, ids.apiUserId, 'exclude_autoasign')}) and ${offline ? 'offline' : 'still online'} (hide_online: ${rowFlags(lhc, ids.apiUserId, 'hide_online')})`,
  );
  const department = lhc.departments().find((d) => d.id === ids.departmentIds[0]);
  const chatId = lhc.startChat(ids.departmentIds[0], 'Maria');
  const result = await lhc.autoAssign(chatId);
  const taker = result.assigned
    ? `${fullName(lhc.user(result.userId))} (${result.userId})`
    : `nobody yet (${result.reason})`;
  const gotIt = result.assigned && result.userId === ids.apiUserId;
  say(
    `  proof: a visitor starts chat #${chatId} in ${department?.name ?? 'the department'}; LHC's auto-assignment gives it to ${taker}${gotIt ? '' : `, not to ${name}`}`,
  );
  const fixed = excluded && offline && !gotIt;
  return {
    fixed,
    summary: fixed
      ? `LiveHelperChat: ${name} gets no more chats (excluded in every department row, offline); chat #${chatId} went to ${taker}`
      : `LiveHelperChat: ${name} is still assignable (excluded in every row: ${excluded}, offline: ${offline})`,
  };
};
