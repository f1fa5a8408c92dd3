import type { OperatorModel } from '@app/platforms/chat-platform.adapter';
import type { EvolutionEnforcedValues } from '@app/platforms/chatwoot/chatwoot.types';

/**
 * Agents are matched by lower-case e-mail and only their name can change (the e-mail cannot be
 * changed through the API). Chatwoot has no "inactive" agent: chat-bridge makes one by
 * holding it offline (`availability: offline`, `auto_offline: false`) and remembers the status in
 * the link, so `statusStored` is false. "deleted" is `DELETE /agents/{id}` when deletes are
 * allowed, else it falls back to inactive.
 */
export const CHATWOOT_OPERATOR_MODEL: OperatorModel = {
  matchBy: 'email',
  updatableFields: ['name'],
  statuses: ['active', 'inactive'],
  hardDelete: true,
  statusStored: false,
};

/** `CONVERSATION_RESULTS_PER_PAGE` default; an empty page ends a listing. */
export const CHATWOOT_CONVERSATIONS_PER_PAGE = 25;

/** Deliveries older or newer than this are refused (the swagger's advice). */
export const CHATWOOT_SIGNATURE_TOLERANCE_S = 300;

/** Route templates for logs and metrics; never the concrete URL. */
export const CHATWOOT_ROUTES = {
  profile: 'GET /api/v1/profile',
  listAgents: 'GET /api/v1/accounts/:accountId/agents',
  createAgent: 'POST /api/v1/accounts/:accountId/agents',
  updateAgent: 'PATCH /api/v1/accounts/:accountId/agents/:id',
  deleteAgent: 'DELETE /api/v1/accounts/:accountId/agents/:id',
  listConversations: 'GET /api/v1/accounts/:accountId/conversations',
  toggleStatus: 'POST /api/v1/accounts/:accountId/conversations/:id/toggle_status',
  inboxAgentBot: 'GET /api/v1/accounts/:accountId/inboxes/:id/agent_bot',
  evolutionFind: 'GET /chatwoot/find/:instance',
  evolutionSet: 'POST /chatwoot/set/:instance',
} as const;

/** What makes Chatwoot reopen a resolved conversation as `open`. */
export const EVOLUTION_ENFORCED: EvolutionEnforcedValues = {
  conversationPending: false,
  reopenConversation: true,
};

/**
 * The `/chatwoot/set` body fields (EVO `chatwoot.dto.ts`). Only these are sent back, each
 * with the value `find` returned; `webhook_url`, ids and timestamps are Evolution's own.
 */
export const EVOLUTION_SETTING_FIELDS = [
  'enabled',
  'accountId',
  'token',
  'url',
  'nameInbox',
  'signMsg',
  'signDelimiter',
  'number',
  'reopenConversation',
  'conversationPending',
  'mergeBrazilContacts',
  'importContacts',
  'importMessages',
  'daysLimitImportMessages',
  'autoCreate',
  'organization',
  'logo',
  'ignoreJids',
] as const;

/** Evolution 2.4 answers 503 with this code until its licence is activated. */
export const EVOLUTION_LICENSE_REQUIRED = 'LICENSE_REQUIRED';
