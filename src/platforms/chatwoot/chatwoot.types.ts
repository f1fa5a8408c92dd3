/** Raw Chatwoot and Evolution API shapes, as their REST APIs send them. They never leave this folder. */

export type ChatwootAvailability = 'online' | 'busy' | 'offline';
export type ChatwootRole = 'agent' | 'administrator';
export type ChatwootConversationStatus = 'open' | 'pending' | 'resolved' | 'snoozed';

/** `GET /agents` item. `availability_status` is derived and read-only. */
export interface ChatwootAgent {
  id: number;
  account_id?: number;
  availability_status: ChatwootAvailability;
  auto_offline: boolean;
  confirmed?: boolean;
  email: string;
  name: string;
  available_name?: string;
  role: ChatwootRole;
}

/** `POST /agents` body. */
export interface ChatwootAgentCreate {
  name: string;
  email: string;
  role: 'agent';
  availability: ChatwootAvailability;
  auto_offline: boolean;
}

/**
 * `PATCH /agents/{id}` body. The official description requires `role` (the controller does not);
 * chat-bridge sends the agent's current role back so it never changes one. `name` is applied by
 * the controller although the description does not list it.
 */
export interface ChatwootAgentUpdate {
  role: ChatwootRole;
  name?: string;
  availability?: ChatwootAvailability;
  auto_offline?: boolean;
}

/** `GET /api/v1/profile`: the token's owner and its role in each account. */
export interface ChatwootProfile {
  id: number;
  accounts: Array<{ id: number; role: ChatwootRole }>;
}

/** A conversation as `GET /conversations` lists it; only what chat-bridge reads. */
export interface ChatwootConversation {
  /** The per-account display id, used in paths and webhooks. */
  id: number;
  inbox_id: number;
  status: ChatwootConversationStatus;
  /** Epoch seconds, fractional. */
  updated_at?: number;
  timestamp?: number;
  first_reply_created_at?: number | null;
  /** `message_type` as an integer here: 0 incoming, 1 outgoing, 2 activity, 3 template. */
  last_non_activity_message?: { message_type: number } | null;
  meta?: { assignee_type?: string | null };
}

export interface ChatwootAgentBot {
  id: number;
  name: string;
}

/** `GET /chatwoot/find/{instance}`: the settings plus `webhook_url`. */
export interface EvolutionChatwootSettings {
  enabled: boolean;
  accountId?: string;
  token?: string;
  url?: string;
  reopenConversation?: boolean;
  conversationPending?: boolean;
  [field: string]: unknown;
}

/** The Evolution settings chat-bridge enforces, with the values that stop the reopened-pending problem. */
export interface EvolutionEnforcedValues {
  conversationPending: false;
  reopenConversation: true;
}
