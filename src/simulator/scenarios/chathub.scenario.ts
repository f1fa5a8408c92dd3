import type { ChatHubConnectorConfig } from '@app/core/config.types';
import { ChatHubSimulator } from '@app/simulator/smsbat-chathub/chathub.simulator';
import type { ScenarioSetup } from '@app/simulator/scenarios/scenario.types';

/**
 * The situation of SMSBat's own documentation: John Smith, Sarah Johnson, an inactive Mike Wilson,
 * and " john smith", a duplicate that differs only in case and spaces (the API allows it).
 */
export const seedChatHubDocsScenario = (simulator: ChatHubSimulator, organizationId: number): void => {
  simulator.seed({
    organizations: [{ id: organizationId, name: 'Demo support' }],
    operators: [
      { name: 'John Smith', organizationId },
      { name: 'Sarah Johnson', organizationId },
      { name: 'Mike Wilson', organizationId, status: 1 },
      { name: ' john smith', organizationId },
    ],
  });
};

/** A simulator that accepts exactly the credentials of the connector's config. */
export const chatHubSimulatorFor = (config: ChatHubConnectorConfig): ChatHubSimulator => {
  const { companyToken, login, password } = config.auth;
  return new ChatHubSimulator({
    companyKeys: companyToken ? [companyToken] : [],
    credentials: login && password ? [{ login, password }] : [],
  });
};

/** ChatHub with the duplicate-name problem, for the connector's organization and credentials. */
export const chatHubScenario = (config: ChatHubConnectorConfig): ScenarioSetup => {
  const chathub = chatHubSimulatorFor(config);
  seedChatHubDocsScenario(chathub, config.options.organizationId);
  return { simulator: chathub, companions: [], scenario: { type: 'smsbat-chathub', chathub } };
};
