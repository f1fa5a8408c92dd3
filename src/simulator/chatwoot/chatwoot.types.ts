import type { SimulatorOptions } from '@app/simulator/framework/simulator.types';

export type ChatwootSimAvailability = 'online' | 'busy' | 'offline';
export type ChatwootSimRole = 'agent' | 'administrator';
export type ChatwootSimStatus = 'open' | 'pending' | 'resolved' | 'snoozed';
export type ChatwootSimMessageType = 'incoming' | 'outgoing' | 'activity' | 'template';

/** An agent of the account (an account_user), with the user's API token. */
export interface ChatwootAgentRecord {
  id: number;
  name: string;
  email: string;
  role: ChatwootSimRole;
  /** The configured availability (`account_users.availability`). */
  availability: ChatwootSimAvailability;
  autoOffline: boolean;
  /** An open dashboard (ActionCable presence, 20 s): what `auto_offline` agents read back. */
  presence: boolean;
  accessToken: string;
  confirmed: boolean;
}

export type ChatwootAgentSeed = Partial<Omit<ChatwootAgentRecord, 'name' | 'email'>> &
  Pick<ChatwootAgentRecord, 'name' | 'email'>;

export interface ChatwootAgentBotRecord {
  id: number;
  name: string;
  accessToken: string;
}

export interface ChatwootInboxRecord {
  id: number;
  name: string;
  channelType: string;
  agentBotId: number | null;
  /** `agent_bot_inbox.status`: only an active bot forces `pending`. */
  botActive: boolean;
}

export interface ChatwootInboxSeed {
  id?: number;
  name: string;
  agentBot?: { name: string; active?: boolean };
}

export interface ChatwootContactRecord {
  id: number;
  name: string;
  /** WhatsApp JID for Evolution contacts, e.g. `5511999990000@s.whatsapp.net`. */
  identifier: string;
  phoneNumber: string | null;
}

export interface ChatwootMessageRecord {
  id: number;
  content: string;
  messageType: ChatwootSimMessageType;
  private: boolean;
  /** Epoch seconds. */
  createdAt: number;
  senderType: 'Contact' | 'User' | 'AgentBot';
  senderId: number;
}

export interface ChatwootConversationRecord {
  /** The per-account display id. */
  id: number;
  inboxId: number;
  status: ChatwootSimStatus;
  contact: ChatwootContactRecord;
  assigneeId: number | null;
  assigneeType: 'User' | 'AgentBot' | null;
  muted: boolean;
  messages: ChatwootMessageRecord[];
  /** Epoch seconds; null until an agent replies. */
  firstReplyCreatedAt: number | null;
  waitingSince: number | null;
  snoozedUntil: number | null;
  createdAt: number;
  updatedAt: number;
  lastActivityAt: number;
}

export interface ChatwootConversationSeed {
  id?: number;
  inboxId: number;
  status?: ChatwootSimStatus;
  contact?: Partial<Omit<ChatwootContactRecord, 'id'>>;
  assigneeId?: number | null;
  muted?: boolean;
  /** Outgoing messages are sent by the assignee; the first public one counts as the first reply. */
  messages?: Array<{ content: string; messageType: 'incoming' | 'outgoing'; private?: boolean }>;
}

export type ChatwootWebhookEvent =
  'conversation_created' | 'conversation_status_changed' | 'conversation_updated' | 'message_created';

/** The account webhook (`POST /webhooks`): one URL, its secret, its subscriptions. */
export interface ChatwootWebhookTarget {
  url: string;
  /** Signs deliveries (Chatwoot ≥ 4.11.2); without one no signature headers are sent. */
  secret?: string;
  /** Default: the four events chat-bridge reads. */
  subscriptions?: ChatwootWebhookEvent[];
}

export interface ChatwootWebhookRecord {
  deliveryId: string;
  event: ChatwootWebhookEvent;
  conversationId: number;
  /** The exact bytes sent (or that would have been sent when lost). */
  body: string;
  at: string;
  /** Not sent on purpose (`loseWebhooks`), like a delivery Chatwoot tried once and lost. */
  lost: boolean;
  status?: number;
  error?: string;
}

/** Who makes a change: toggle rules differ for agents, administrators and bots. */
export type ChatwootActor =
  | { kind: 'user'; agent: ChatwootAgentRecord }
  | { kind: 'bot'; bot: ChatwootAgentBotRecord }
  | { kind: 'system' };

export interface ChatwootSimulatorOptions extends Omit<SimulatorOptions, 'validator'> {
  accountId?: number;
  accountName?: string;
  /** Seeds an administrator ("Chat Bridge", bridge@example.com) holding this token. */
  adminToken?: string;
  /** Agents the account may hold; one more answers 402. Default: unlimited. */
  seatLimit?: number;
  /**
   * The official description requests are validated against; default: `shared/specs/
   * chatwoot-swagger.json` when it can be found; `false` turns validation off.
   */
  openApiSpec?: string | false;
  webhook?: ChatwootWebhookTarget;
  /** Clock in ms (timestamps, webhook signatures). */
  now?: () => number;
}

export const CHATWOOT_SIM_ROUTES = {
  profile: 'GET /api/v1/profile',
  listAgents: 'GET /api/v1/accounts/:accountId/agents',
  createAgent: 'POST /api/v1/accounts/:accountId/agents',
  updateAgent: 'PATCH /api/v1/accounts/:accountId/agents/:id',
  deleteAgent: 'DELETE /api/v1/accounts/:accountId/agents/:id',
  listConversations: 'GET /api/v1/accounts/:accountId/conversations',
  showConversation: 'GET /api/v1/accounts/:accountId/conversations/:conversationId',
  toggleStatus: 'POST /api/v1/accounts/:accountId/conversations/:conversationId/toggle_status',
  createMessage: 'POST /api/v1/accounts/:accountId/conversations/:conversationId/messages',
  inboxAgentBot: 'GET /api/v1/accounts/:accountId/inboxes/:id/agent_bot',
  setInboxAgentBot: 'POST /api/v1/accounts/:accountId/inboxes/:id/set_agent_bot',
} as const;

export type ChatwootSimRouteKey = (typeof CHATWOOT_SIM_ROUTES)[keyof typeof CHATWOOT_SIM_ROUTES];
