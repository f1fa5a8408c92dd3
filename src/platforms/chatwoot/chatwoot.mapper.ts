import { isJsonObject } from '@app/platforms/json-object';
import type { OperatorStatus } from '@app/core/operator.types';
import type {
  AvailabilityReading,
  RemoteConversation,
  RemoteOperator,
} from '@app/platforms/chat-platform.adapter';
import type {
  ChatwootAgent,
  ChatwootAgentBot,
  ChatwootConversation,
  ChatwootProfile,
  EvolutionChatwootSettings,
} from '@app/platforms/chatwoot/chatwoot.types';
import { PlatformError, PlatformErrorCode } from '@app/core/platform-error';

type Json = Record<string, unknown>;
export type Where = { connectorId: string; route: string };

const AVAILABILITIES = new Set(['online', 'busy', 'offline']);
const ROLES = new Set(['agent', 'administrator']);
const STATUSES = new Set(['open', 'pending', 'resolved', 'snoozed']);

const isObject = (value: unknown): value is Json => isJsonObject(value);

const invalid = ({ connectorId, route }: Where, what: string): PlatformError =>
  new PlatformError({
    code: PlatformErrorCode.INVALID_RESPONSE,
    connectorId,
    message: `${route} answered ${what}`,
  });

const isAgent = (value: unknown): value is ChatwootAgent =>
  isObject(value) &&
  Number.isInteger(value.id) &&
  typeof value.email === 'string' &&
  typeof value.name === 'string' &&
  typeof value.auto_offline === 'boolean' &&
  AVAILABILITIES.has(value.availability_status as string) &&
  ROLES.has(value.role as string);

/** `GET /agents` is a plain, unpaginated array. */
export const parseAgents = (data: unknown, where: Where): ChatwootAgent[] => {
  if (!Array.isArray(data)) {
    throw invalid(where, 'something other than a list of agents');
  }
  const bad = data.findIndex((item) => !isAgent(item));
  if (bad >= 0) {
    throw invalid(where, `a malformed agent at index ${bad}`);
  }
  return data as ChatwootAgent[];
};

export const parseAgent = (data: unknown, where: Where): ChatwootAgent => {
  if (!isAgent(data)) {
    throw invalid(where, 'something other than an agent');
  }
  return data;
};

export const parseProfile = (data: unknown, where: Where): ChatwootProfile => {
  if (!isObject(data) || !Number.isInteger(data.id) || !Array.isArray(data.accounts)) {
    throw invalid(where, 'something other than a user profile');
  }
  return data as unknown as ChatwootProfile;
};

const isConversation = (value: unknown): value is ChatwootConversation =>
  isObject(value) &&
  Number.isInteger(value.id) &&
  Number.isInteger(value.inbox_id) &&
  STATUSES.has(value.status as string);

/** `{data: {meta, payload: [conversation…]}}`. */
export const parseConversationList = (data: unknown, where: Where): ChatwootConversation[] => {
  const payload = isObject(data) && isObject(data.data) ? data.data.payload : undefined;
  if (!Array.isArray(payload) || !payload.every(isConversation)) {
    throw invalid(where, 'something other than {data: {payload: [conversation…]}}');
  }
  return payload;
};

/**
 * The controller renders `{agent_bot: {…}}` (empty without a bot); the description documents the
 * bare bot object with a 204. Both are read; anything without an id means "no bot".
 */
export const parseAgentBot = (data: unknown): ChatwootAgentBot | undefined => {
  const bot = isObject(data) && 'agent_bot' in data ? data.agent_bot : data;
  return isObject(bot) && typeof bot.id === 'number'
    ? { id: bot.id, name: typeof bot.name === 'string' ? bot.name : `#${bot.id}` }
    : undefined;
};

export const parseEvolutionSettings = (data: unknown, where: Where): EvolutionChatwootSettings => {
  if (!isObject(data) || typeof data.enabled !== 'boolean') {
    throw invalid(where, 'something other than the instance’s Chatwoot settings');
  }
  return data as EvolutionChatwootSettings;
};

/** Held offline by chat-bridge: offline and not switched by presence (auto_offline). */
export const isHeldOffline = (agent: ChatwootAgent): boolean =>
  agent.availability_status === 'offline' && !agent.auto_offline;

/**
 * Chatwoot stores no operator status (see CHATWOOT_OPERATOR_MODEL). An agent reads `inactive`
 * when it is held offline, unless the link says chat-bridge keeps it active (then it is a person
 * who chose offline). A deactivated agent someone brought back online reads `active`, so the
 * planner deactivates it again; an unlinked held-offline agent reads `inactive`, so
 * `unmanaged: deactivate` is not repeated on every run.
 */
export const toRemoteOperator = (
  agent: ChatwootAgent,
  linkStatus?: OperatorStatus | null,
  /** The user the API token belongs to: the bridge's own account, never a person to report. */
  tokenOwnerId?: number,
): RemoteOperator => ({
  remoteId: String(agent.id),
  name: agent.name,
  email: agent.email,
  status: linkStatus === 'active' || !isHeldOffline(agent) ? 'active' : 'inactive',
  availability: agent.availability_status,
  availabilityWeak: isWeakOffline(agent),
  ...(agent.id === tokenOwnerId ? { role: 'integration' as const } : {}),
});

// With auto_offline, `offline` may only mean "no dashboard open in the last 20 s".
const isWeakOffline = (agent: ChatwootAgent): boolean =>
  agent.auto_offline && agent.availability_status === 'offline';

export const toAvailabilityReading = (agent: ChatwootAgent): AvailabilityReading => ({
  remoteId: String(agent.id),
  availability: agent.availability_status,
  ...(isWeakOffline(agent) ? { weak: true } : {}),
});

/** Epoch seconds (fractional, as Chatwoot sends them) or an ISO string → ISO-8601. */
/** Epoch milliseconds of a Chatwoot time (Unix seconds, possibly fractional, or an ISO string). */
export const toEpochMs = (value: unknown): number | undefined => {
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
  // Beyond ±8.64e15 ms a Date is invalid and toISOString throws.
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : undefined;
};

export const toIsoTime = (value: unknown): string | undefined => {
  const ms = toEpochMs(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
};

export const toRemoteConversation = (conversation: ChatwootConversation): RemoteConversation => ({
  conversationId: String(conversation.id),
  inboxId: String(conversation.inbox_id),
  status: conversation.status,
  assigneeType: conversation.meta?.assignee_type ?? undefined,
  // 0 (or null) until an agent replies.
  agentReplied: (conversation.first_reply_created_at ?? 0) > 0,
  // Inside conversations message_type is an integer; 0 is incoming.
  lastMessageIncoming: conversation.last_non_activity_message?.message_type === 0,
  updatedAt: toIsoTime(conversation.updated_at ?? conversation.timestamp) ?? new Date().toISOString(),
});
