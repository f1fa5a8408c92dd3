import type { ChatwootConnectorConfig } from '@app/core/config.types';
import { ChatwootSimulator } from '@app/simulator/chatwoot/chatwoot.simulator';
import { seedReopenScenario } from '@app/simulator/evolution/evolution-reopen.scenario';
import { EvolutionSimulator } from '@app/simulator/evolution/evolution.simulator';
import type { ScenarioSetup } from '@app/simulator/scenarios/scenario.types';

/** Agents of the demo roster who also work in Chatwoot, besides the scenario's Anna. */
const MORE_AGENTS = [
  { name: 'John Smith', email: 'john@example.com' },
  { name: 'Sarah Johnson', email: 'sarah@example.com' },
];

/**
 * Chatwoot fed by Evolution API (on the port of `options.evolution.baseUrl`): a conversation Anna
 * resolved, and Evolution with `reopenConversation` and `conversationPending` on, so the
 * customer's next WhatsApp message reopens it as `pending`. Credentials are the connector's.
 */
export const chatwootScenario = (config: ChatwootConnectorConfig): ScenarioSetup => {
  const { evolution: evolutionOptions, accountId, inboxes } = config.options;
  const chatwoot = new ChatwootSimulator({ adminToken: config.auth.apiAccessToken, accountId });
  // Without options.evolution, Evolution still forwards the customer's message, but only in-process.
  const evolution = new EvolutionSimulator({ apiKey: evolutionOptions?.apiKey ?? 'demo', chatwoot });
  const reopen = seedReopenScenario(chatwoot, evolution, {
    instance: evolutionOptions?.instance,
    chatwootUrl: config.baseUrl,
  });
  if (!inboxes.includes(reopen.inboxId)) {
    throw new Error(
      `connector "${config.id}": options.inboxes must list ${reopen.inboxId}, the Evolution inbox the simulator seeds`,
    );
  }
  MORE_AGENTS.forEach((agent) =>
    chatwoot.seedAgent({ ...agent, availability: 'online', autoOffline: false }),
  );
  return {
    simulator: chatwoot,
    companions: evolutionOptions
      ? [{ name: 'Evolution API', simulator: evolution, baseUrl: evolutionOptions.baseUrl }]
      : [],
    scenario: { type: 'chatwoot', chatwoot, evolution, reopen },
    wireWebhooks: (url) => chatwoot.setWebhook({ url, secret: config.webhook.secret }),
  };
};
