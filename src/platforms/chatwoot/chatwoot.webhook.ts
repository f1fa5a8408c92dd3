import { createHash } from 'node:crypto';

import type { ConversationStatus } from '@app/platforms/chat-platform.adapter';
import { verifyChatwootSignature } from '@app/platforms/chatwoot/chatwoot-signature';
import { toEpochMs } from '@app/platforms/chatwoot/chatwoot.mapper';
import { CHATWOOT_SIGNATURE_TOLERANCE_S } from '@app/platforms/chatwoot/chatwoot.options';
import { isJsonObject, parseJsonObject } from '@app/platforms/json-object';
import {
  type CanonicalEvent,
  type ParsedWebhook,
  type PlatformWebhookHandler,
  WebhookBodyError,
  type WebhookRequest,
  type WebhookVerification,
} from '@app/platforms/webhook.types';
import { eventTimeFromMs } from '@app/platforms/webhook-time';

export interface ChatwootWebhookParams {
  accountId: number;
  /** The account webhook's secret (`GET /webhooks`); without one, refused unless `insecure`. */
  secret?: string;
  insecure: boolean;
}

type Json = Record<string, unknown>;
type ConversationEvent = Extract<CanonicalEvent, { kind: 'conversation' }>;

const CONVERSATION_EVENTS = new Set([
  'conversation_created',
  'conversation_status_changed',
  'conversation_updated',
]);
const STATUSES = new Set<string>(['open', 'pending', 'resolved', 'snoozed']);
const ACTIVITY = 2;

/** Chatwoot account webhooks: signed since v4.11.2; conversation and message events. */
export class ChatwootWebhook implements PlatformWebhookHandler {
  constructor(private readonly params: ChatwootWebhookParams) {}

  verify(request: WebhookRequest): WebhookVerification {
    const { secret, insecure } = this.params;
    if (secret === undefined) {
      return insecure
        ? { ok: true }
        : { ok: false, reason: 'no webhook secret configured (set webhook.secret or webhook.insecure)' };
    }
    return verifyChatwootSignature({
      secret,
      signature: request.headers['x-chatwoot-signature'],
      timestamp: request.headers['x-chatwoot-timestamp'],
      rawBody: request.rawBody,
      nowMs: request.receivedAt.getTime(),
    });
  }

  parse(request: WebhookRequest): ParsedWebhook {
    const body = parseJsonObject(request.rawBody);
    const event = body.event;
    if (typeof event !== 'string' || event === '') {
      throw new WebhookBodyError('event missing');
    }
    // An account webhook of another account posted to this connector is none of its business.
    if (
      isJsonObject(body.account) &&
      typeof body.account.id === 'number' &&
      body.account.id !== this.params.accountId
    ) {
      return { events: [] };
    }
    // X-Chatwoot-Delivery is one UUID per enqueued delivery, reused on retries.
    const delivery = request.headers['x-chatwoot-delivery'];
    if (CONVERSATION_EVENTS.has(event)) {
      return this.signed(request, [conversationEvent(body, event, request.receivedAt, delivery)]);
    }
    if (event === 'message_created') {
      return this.signed(request, [messageEvent(body, request.receivedAt, delivery)]);
    }
    return { events: [] }; // typing, contacts, message_updated…: acknowledged, not used
  }

  /**
   * The HMAC covers `<timestamp>.<body>` but not X-Chatwoot-Delivery: the same signed pair under a
   * new delivery id is a replay, recognised by its digest while the timestamp is valid.
   */
  private signed(request: WebhookRequest, events: CanonicalEvent[]): ParsedWebhook {
    const timestamp = request.headers['x-chatwoot-timestamp'];
    if (this.params.secret === undefined || timestamp === undefined) {
      return { events };
    }
    const digest = createHash('sha256').update(`${timestamp}.`).update(request.rawBody).digest('hex');
    return { events, replay: { digest, windowMs: CHATWOOT_SIGNATURE_TOLERANCE_S * 1000 } };
  }
}

const requireId = (value: unknown, field: string): string => {
  if (!Number.isInteger(value) || (value as number) <= 0) {
    throw new WebhookBodyError(`${field} is not a positive integer`);
  }
  return String(value);
};

const requireStatus = (value: unknown, field: string): ConversationStatus => {
  if (typeof value !== 'string' || !STATUSES.has(value)) {
    throw new WebhookBodyError(`${field} is not a conversation status`);
  }
  return value as ConversationStatus;
};

const optionalId = (value: unknown): string | undefined =>
  Number.isInteger(value) ? String(value) : undefined;

// `changed_attributes` is `[{status: {previous_value, current_value}}, …]` (CW base_listener.rb
// extract_changed_attributes); a plain object is read too. Absent or empty in status_changed.
const previousStatusOf = (changed: unknown): ConversationStatus | undefined => {
  const entries = Array.isArray(changed) ? changed : [changed];
  const entry = entries.find((e): e is Json => isJsonObject(e) && isJsonObject(e.status));
  const previous = entry && isJsonObject(entry.status) ? entry.status.previous_value : undefined;
  return typeof previous === 'string' && STATUSES.has(previous)
    ? (previous as ConversationStatus)
    : undefined;
};

// 0 (or null) until an agent replies; absent says nothing.
const repliedOf = (value: unknown): boolean | undefined =>
  value === null ? false : typeof value === 'number' ? value > 0 : undefined;

// `messages[]` carries the last message with an integer message_type.
const lastIncomingOf = (messages: unknown): boolean | undefined => {
  const last: unknown = Array.isArray(messages)
    ? (messages as unknown[]).filter((m) => !isJsonObject(m) || m.message_type !== ACTIVITY).pop()
    : undefined;
  return isJsonObject(last) ? last.message_type === 0 && last.private !== true : undefined;
};

/** Absent: the arrival time stands in. Present but not a plausible time: the sender's mistake (400). */
const occurredAtOf = (value: unknown, field: string, receivedAt: Date): string => {
  if (value === undefined || value === null) {
    return receivedAt.toISOString();
  }
  const ms = toEpochMs(value);
  if (ms === undefined) {
    throw new WebhookBodyError(`${field} is not a time`);
  }
  return eventTimeFromMs(ms, field, receivedAt).toISOString();
};

const conversationEvent = (
  body: Json,
  event: string,
  receivedAt: Date,
  delivery?: string,
): ConversationEvent => {
  const conversationId = requireId(body.id, 'id');
  const occurredAt = occurredAtOf(body.updated_at, 'updated_at', receivedAt);
  return {
    kind: 'conversation',
    dedupeKey: delivery ? `delivery:${delivery}` : `${event}:${conversationId}:${String(body.updated_at)}`,
    occurredAt,
    conversationId,
    inboxId: optionalId(body.inbox_id),
    status: requireStatus(body.status, 'status'),
    previousStatus: previousStatusOf(body.changed_attributes),
    assigneeType:
      isJsonObject(body.meta) && typeof body.meta.assignee_type === 'string'
        ? body.meta.assignee_type
        : undefined,
    lastMessageIncoming: lastIncomingOf(body.messages),
    agentReplied: repliedOf(body.first_reply_created_at),
  };
};

const messageEvent = (body: Json, receivedAt: Date, delivery?: string): ConversationEvent => {
  const messageId = requireId(body.id, 'id');
  if (!isJsonObject(body.conversation)) {
    throw new WebhookBodyError('conversation missing');
  }
  const conversation = body.conversation;
  const incoming = body.message_type === 'incoming' || body.message_type === 0;
  const outgoing = body.message_type === 'outgoing' || body.message_type === 1;
  const byAgent =
    outgoing && body.private !== true && isJsonObject(body.sender) && body.sender.type === 'user';
  return {
    kind: 'conversation',
    dedupeKey: delivery ? `delivery:${delivery}` : `message_created:${messageId}:${String(body.created_at)}`,
    occurredAt: occurredAtOf(body.created_at, 'created_at', receivedAt),
    conversationId: requireId(conversation.id, 'conversation.id'),
    inboxId:
      optionalId(conversation.inbox_id) ?? optionalId(isJsonObject(body.inbox) ? body.inbox.id : undefined),
    status: requireStatus(conversation.status, 'conversation.status'),
    assigneeType:
      isJsonObject(conversation.meta) && typeof conversation.meta.assignee_type === 'string'
        ? conversation.meta.assignee_type
        : undefined,
    lastMessageIncoming: incoming && body.private !== true,
    agentReplied: byAgent || repliedOf(conversation.first_reply_created_at),
  };
};
