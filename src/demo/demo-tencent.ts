import type { DemoAdminClient } from '@app/demo/demo-admin.client';
import { say } from '@app/demo/demo-narration';
import type { ActContext, ActOutcome, DemoStory } from '@app/demo/demo-story.types';
import { waitUntil } from '@app/demo/demo-wait';
import type { LhcDemoScenario, TencentDemoScenario } from '@app/simulator/scenarios/scenario.types';
import type { TencentCallbackSender } from '@app/simulator/tencent-chat/tencent-callback-sender';

const OBSERVED_TIMEOUT_MS = 10_000;
/** How many of the seeded agents open the app. */
const LOGGING_IN = 3;

export const tencentSeed = ({ agentUserIds }: TencentDemoScenario): string[] => [
  `IM accounts ${agentUserIds.join(', ')}, the app in the background (PushOnline); Desk will ask chat-bridge which agents should take each session`,
];

interface DeskAnswer {
  text: string;
  agentIds: string[];
}

/** A signed assign-agent callback, as Desk sends it when a customer asks for a human. */
const askDesk = async (callbacks: TencentCallbackSender, sessionId: string): Promise<DeskAnswer> => {
  const reply = await callbacks.assignAgent({ sessionId, clientUserId: `customer-${sessionId}` });
  if (reply.status !== 200) {
    return { text: `HTTP ${reply.status}: ${reply.body}`, agentIds: [] };
  }
  const answer = JSON.parse(reply.body) as { AgentIdList?: string[]; AgentGroupId?: number };
  const agentIds = answer.AgentIdList ?? [];
  const list = agentIds.length > 0 ? `AgentIdList [${agentIds.join(', ')}]` : 'no AgentIdList';
  const group = answer.AgentGroupId ? `, AgentGroupId ${answer.AgentGroupId}` : '';
  return { text: `${list}${group}, answered in ${reply.durationMs} ms`, agentIds };
};

const untilAvailability = (client: DemoAdminClient, keys: string[], availability: string) =>
  waitUntil(async () => {
    const operators = await client.operators();
    return keys.every((k) => operators.find((o) => o.key === k)?.availability === availability)
      ? true
      : undefined;
  }, OBSERVED_TIMEOUT_MS);

const rosterByEmail = (story: DemoStory, email: string | undefined) =>
  story.loaded.config.directory.roster.find((e) => !!email && e.email?.toLowerCase() === email.toLowerCase());

/** An agent goes offline in LHC, by their own toggle; LHC's webhook tells chat-bridge. */
const goOfflineInLhc = async (story: DemoStory) => {
  const lhcScenario = story.fleet.find((s) => s.scenario.type === 'livehelperchat')?.scenario as
    LhcDemoScenario | undefined;
  if (!lhcScenario) {
    return undefined;
  }
  const { lhc, ids } = lhcScenario;
  const operator = rosterByEmail(story, lhc.user(ids.humanUserId)?.email);
  if (!operator) {
    return undefined;
  }
  await lhc.operatorSetsOnline(ids.humanUserId, false);
  say(
    `  proof: ${operator.name} goes offline in LHC (the operator's own toggle; LHC's webhook tells chat-bridge)`,
  );
  await untilAvailability(story.client, [operator.key], 'offline');
  return operator;
};

/** Agents log in, Desk asks, one of them goes offline in LHC, Desk asks again. */
export const tencentAct = async ({
  story,
  scenario,
  connector,
}: ActContext<TencentDemoScenario>): Promise<ActOutcome> => {
  const { tencent, callbacks, agentUserIds } = scenario;
  if (!callbacks || connector.type !== 'tencent-chat') {
    return { fixed: false, summary: 'Tencent Desk: the callbacks were not wired to the daemon' };
  }
  const prefix = connector.options.userIdPrefix;
  const loggingIn = agentUserIds.slice(0, LOGGING_IN);
  const keys = loggingIn.map((id) => id.slice(prefix.length));
  const names = new Map(story.loaded.config.directory.roster.map((e) => [e.key, e.name]));
  const statuses: number[] = [];
  for (const userId of loggingIn) {
    tencent.setOnlineState(userId, 'Online');
    statuses.push((await callbacks.stateChange({ userId, action: 'Login' })).status);
  }
  say(
    `  proof: ${keys.map((k) => names.get(k) ?? k).join(', ')} open the Tencent app: signed State.StateChange Login callbacks, answered ${statuses.join(', ')}`,
  );
  await untilAvailability(story.client, keys, 'online');
  const before = await askDesk(callbacks, 'demo-session-1');
  say(`  proof: Desk asks who should take session demo-session-1: ${before.text}`);
  const offline = await goOfflineInLhc(story);
  if (!offline?.email) {
    return { fixed: false, summary: 'Tencent Desk: no LHC agent of the roster to take offline' };
  }
  const email = offline.email.toLowerCase();
  const after = await askDesk(callbacks, 'demo-session-2');
  const leftOut = !after.agentIds.some((id) => id.toLowerCase() === email);
  say(
    `  proof: Desk asks again for session demo-session-2: ${after.text}${leftOut ? ` — ${offline.name} left out: offline in LHC` : ` — ${offline.name} still offered`}`,
  );
  const fixed = leftOut && after.agentIds.length > 0;
  return {
    fixed,
    summary: fixed
      ? `Tencent Desk: offered [${after.agentIds.join(', ')}] — not ${offline.name}, who is logged in to Tencent but went offline in LHC`
      : `Tencent Desk: offered [${after.agentIds.join(', ')}] after ${offline.name} went offline in LHC`,
  };
};
