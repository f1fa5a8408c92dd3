import type { TencentChatConnectorConfig } from '@app/core/config.types';
import { TencentCallbackSender } from '@app/simulator/tencent-chat/tencent-callback-sender';
import { TencentChatSimulator } from '@app/simulator/tencent-chat/tencent.simulator';
import type { ScenarioSetup, TencentDemoScenario } from '@app/simulator/scenarios/scenario.types';

/** The demo roster's active agents: operator key and name. */
const AGENTS = [
  { key: 'john', nick: 'John Smith' },
  { key: 'sarah', nick: 'Sarah Johnson' },
  { key: 'anna', nick: 'Anna Kovalenko' },
  { key: 'olena', nick: 'Olena Petrenko' },
];

/**
 * Tencent Chat whose Desk asks chat-bridge which agents should take a session. The agents' IM
 * accounts exist with the app in the background (PushOnline: offline, but not by their choice, so
 * nothing is pushed elsewhere); the demo logs them in with signed `State.StateChange` callbacks.
 */
export const tencentScenario = (config: TencentChatConnectorConfig): ScenarioSetup => {
  const { sdkAppId, identifier, secretKey } = config.auth;
  const tencent = new TencentChatSimulator({
    sdkAppId,
    secretKey,
    admins: [identifier],
    desk: config.options.desk,
  });
  const accounts = AGENTS.map(({ key, nick }) => ({
    userId: `${config.options.userIdPrefix}${key}`,
    nick,
    state: 'PushOnline' as const,
  }));
  tencent.seed({ accounts });
  const agentUserIds = accounts.map((a) => a.userId);
  const scenario: TencentDemoScenario = { type: 'tencent-chat', tencent, agentUserIds };
  return {
    simulator: tencent,
    companions: [],
    scenario,
    wireWebhooks: (url) => {
      scenario.callbacks = new TencentCallbackSender({ url, sdkAppId, token: config.webhook.token });
    },
  };
};
