import type { ChatwootSimulator } from '@app/simulator/chatwoot/chatwoot.simulator';
import type { SimulatorOptions } from '@app/simulator/framework/simulator.types';

/** An instance's Chatwoot settings as Evolution stores them (EVO prisma model Chatwoot). */
export interface EvolutionChatwootSettingsRecord {
  enabled: boolean;
  accountId: string;
  token: string;
  url: string;
  nameInbox: string;
  signMsg: boolean;
  signDelimiter: string | null;
  number: string | null;
  reopenConversation: boolean;
  conversationPending: boolean;
  mergeBrazilContacts: boolean;
  importContacts: boolean;
  importMessages: boolean;
  daysLimitImportMessages: number;
  autoCreate: boolean;
  organization: string | null;
  logo: string | null;
  ignoreJids: string[];
}

export interface EvolutionInstanceSeed {
  name: string;
  /** The instance token, accepted as `apikey` for this instance's routes. */
  token?: string;
  /** Omitted: the instance has no Chatwoot integration. */
  chatwoot?: Partial<EvolutionChatwootSettingsRecord>;
}

export interface EvolutionSimulatorOptions extends Omit<SimulatorOptions, 'validator'> {
  /** AUTHENTICATION_API_KEY, accepted on every route. */
  apiKey: string;
  /** SERVER_URL, used in `webhook_url`. Default: the simulator's own base URL. */
  serverUrl?: string;
  /** The Chatwoot that `forwardCustomerMessage` posts into (shared state, no HTTP). */
  chatwoot?: ChatwootSimulator;
  /** Evolution 2.4 before licence activation: business routes answer 503 LICENSE_REQUIRED. */
  licenseRequired?: boolean;
  /** Clock in ms for the conversation cache (TTL 1800 s in 2.3.7). */
  now?: () => number;
}

export interface ForwardCustomerMessageParams {
  instance: string;
  /** WhatsApp JID of the customer, e.g. `5511999990000@s.whatsapp.net`. */
  remoteJid: string;
  content: string;
  pushName?: string;
  /** Force the conversation-cache outcome; default: the simulated cache decides. */
  cache?: 'hit' | 'miss';
}

export interface ForwardResult {
  conversationId: number;
  /** The status after the message was posted. */
  status: string;
  created: boolean;
  cache: 'hit' | 'miss';
}

export const EVOLUTION_ROUTES = {
  find: 'GET /chatwoot/find/:instance',
  set: 'POST /chatwoot/set/:instance',
  version: 'GET /',
} as const;
