import type { ChatwootSimulator } from '@app/simulator/chatwoot/chatwoot.simulator';
import type { EvolutionSimulator } from '@app/simulator/evolution/evolution.simulator';

export interface ReopenScenarioParams {
  instance?: string;
  /** The Chatwoot token Evolution uses (an administrator's); default: a new administrator's. */
  evolutionToken?: string;
  /** Stored in Evolution's settings as `url`; default: the Chatwoot simulator's base URL if started. */
  chatwootUrl?: string;
}

export interface ReopenScenario {
  instance: string;
  inboxId: number;
  agentId: number;
  conversationId: number;
  /** The customer's JID: pass it to `evolution.forwardCustomerMessage`. */
  remoteJid: string;
}

/**
 * The Chatwoot + Evolution problem (a reopened conversation lands in `pending`): Evolution's WhatsApp inbox, an agent, a
 * conversation the agent answered and resolved, and Evolution with `reopenConversation: true` and
 * `conversationPending: true`. The next `forwardCustomerMessage` reopens it as `pending`.
 */
export const seedReopenScenario = (
  chatwoot: ChatwootSimulator,
  evolution: EvolutionSimulator,
  params: ReopenScenarioParams = {},
): ReopenScenario => {
  const instance = params.instance ?? 'acme-wa';
  const remoteJid = '5511999990000@s.whatsapp.net';
  const inbox = chatwoot.seedInbox({ name: instance });
  const agent = chatwoot.seedAgent({
    name: 'Anna Kovalenko',
    email: 'anna@example.com',
    availability: 'online',
    autoOffline: false,
  });
  const evolutionUser =
    params.evolutionToken === undefined
      ? chatwoot.seedAgent({ name: 'Evolution API', email: 'evolution@example.com', role: 'administrator' })
      : undefined;
  const conversation = chatwoot.seedConversation({
    inboxId: inbox.id,
    status: 'resolved',
    contact: { name: 'Maria', identifier: remoteJid, phoneNumber: '+5511999990000' },
    assigneeId: agent.id,
    messages: [
      { content: 'Oi, meu pedido não chegou', messageType: 'incoming' },
      { content: 'Enviamos de novo, chega amanhã.', messageType: 'outgoing' },
    ],
  });
  evolution.seedInstance({
    name: instance,
    chatwoot: {
      enabled: true,
      accountId: String(chatwoot.accountId),
      token: params.evolutionToken ?? evolutionUser!.accessToken,
      url: params.chatwootUrl ?? safeBaseUrl(chatwoot),
      nameInbox: instance,
      signMsg: false,
      reopenConversation: true,
      conversationPending: true,
    },
  });
  return { instance, inboxId: inbox.id, agentId: agent.id, conversationId: conversation.id, remoteJid };
};

const safeBaseUrl = (chatwoot: ChatwootSimulator): string => {
  try {
    return chatwoot.baseUrl;
  } catch {
    return 'http://chatwoot.invalid'; // not started yet; Evolution's url is only stored
  }
};
