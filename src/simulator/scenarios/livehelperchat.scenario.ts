import type { LiveHelperChatConnectorConfig } from '@app/core/config.types';
import { seedAssignableApiUserScenario } from '@app/simulator/livehelperchat/lhc.scenario';
import { LiveHelperChatSimulator } from '@app/simulator/livehelperchat/livehelperchat.simulator';
import type { ScenarioSetup } from '@app/simulator/scenarios/scenario.types';

/**
 * LHC with the integration API user it keeps auto-assigning (issue #2220): excluded in `lh_users`,
 * not in its department rows, active. The connector's own account holds the connector's API key.
 */
export const liveHelperChatScenario = (config: LiveHelperChatConnectorConfig): ScenarioSetup => {
  const lhc = new LiveHelperChatSimulator();
  const ids = seedAssignableApiUserScenario(lhc, {
    serviceUsername: config.auth.username,
    apiKey: config.auth.apiKey,
  });
  return {
    simulator: lhc,
    companions: [],
    scenario: { type: 'livehelperchat', lhc, ids },
    wireWebhooks: (url) => lhc.configureWebhooks({ url, secret: config.webhook.secret }),
  };
};
