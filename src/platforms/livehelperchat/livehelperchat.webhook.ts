import { createHash, timingSafeEqual } from 'node:crypto';

import { availabilityOf, toFlag, toInt } from '@app/platforms/livehelperchat/livehelperchat.mapper';
import { parseJsonObject } from '@app/platforms/json-object';
import {
  type CanonicalEvent,
  type ParsedWebhook,
  type PlatformWebhookHandler,
  WebhookBodyError,
  type WebhookRequest,
  type WebhookVerification,
} from '@app/platforms/webhook.types';

export interface LiveHelperChatWebhookParams {
  /** The shared secret the LHC "Rest API" action sends; without one, refused unless `insecure`. */
  secret?: string;
  insecure: boolean;
}

type Json = Record<string, unknown>;

export const LHC_SECRET_HEADER = 'x-bridge-secret';
/** How far a delivery's `ts` may be from its arrival (seconds). */
export const LHC_TS_WINDOW_S = 300;

const AVAILABILITY_EVENTS = new Set(['chat.operator_status_changed', 'chat.operator_visibility_changed']);
const OPERATOR_EVENTS = new Set(['user.user_created', 'user.user_modified']);
const AUTO_ASSIGN_EVENT = 'chat.data_changed_auto_assign';
// chat-bridge's own REST writes come back with these: echoes, not news.
const ECHO_REASONS = new Set(['restapi_action', 'rest_api']);

/**
 * The acknowledgement: an empty body. LHC saves a Rest API action's answer into the chat as a bot
 * message unless "Do not save response" is ticked, and only skips an empty one
 * (lhgenericbotactionrestapi.php: `$response['content'] != ''`); `{"ok":true}` ended up in a
 * visitor's chat. The ingest sends the body with `res.json()`, which JSON.stringify()s it: an
 * object whose toJSON() gives undefined serialises to nothing, so the 200 carries no body at all.
 */
export const LHC_EMPTY_ACKNOWLEDGEMENT: Readonly<{ toJSON(): undefined }> = Object.freeze({
  toJSON: () => undefined,
});

// Digests first: timingSafeEqual needs equal lengths, and the length must not leak either.
const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(
    createHash('sha256').update(given).digest(),
    createHash('sha256').update(expected).digest(),
  );

/**
 * LHC webhooks: a bot "Rest API" action posts the body templates of
 * docs/livehelperchat.md. LHC signs nothing, so the action sends the shared secret in
 * `X-Bridge-Secret` (or `?secret=`), checked in constant time.
 */
export class LiveHelperChatWebhook implements PlatformWebhookHandler {
  constructor(private readonly params: LiveHelperChatWebhookParams) {}

  verify(request: WebhookRequest): WebhookVerification {
    const { secret, insecure } = this.params;
    if (secret === undefined || secret === '') {
      return insecure
        ? { ok: true }
        : { ok: false, reason: 'no webhook secret configured (set webhook.secret or webhook.insecure)' };
    }
    const given = request.headers[LHC_SECRET_HEADER] ?? request.query.secret;
    if (given === undefined || !sameSecret(given, secret)) {
      return { ok: false, reason: 'shared secret missing or wrong' };
    }
    return { ok: true };
  }

  acknowledgement(): unknown {
    return LHC_EMPTY_ACKNOWLEDGEMENT;
  }

  parse(request: WebhookRequest): ParsedWebhook {
    const body = parseJsonObject(request.rawBody);
    const event = body.event;
    if (typeof event !== 'string' || event === '') {
      throw new WebhookBodyError('event missing');
    }
    if (isEcho(body)) {
      return { events: [] };
    }
    checkSentWithinWindow(body, request.receivedAt);
    if (AVAILABILITY_EVENTS.has(event)) {
      return { events: [availabilityEvent(event, body, request.receivedAt)] };
    }
    if (OPERATOR_EVENTS.has(event)) {
      const userId = requireId(body, 'user_id');
      const at = timeOf(body.ts, request.receivedAt);
      return {
        events: [
          {
            kind: 'operator-changed',
            remoteId: userId,
            occurredAt: at.toISOString(),
            dedupeKey: `${event}:${userId}:${Math.floor(at.getTime() / 1000)}`,
          },
        ],
      };
    }
    if (event === AUTO_ASSIGN_EVENT) {
      return { events: autoAssigned(body, request.receivedAt) };
    }
    // Other hooks may point at the same URL; they are acknowledged and ignored.
    return { events: [] };
  }
}

const isEcho = (body: Json): boolean =>
  (typeof body.reason === 'string' && ECHO_REASONS.has(body.reason)) || body.initiator === 'restapi';

const availabilityEvent = (event: string, body: Json, receivedAt: Date): CanonicalEvent => {
  const userId = requireId(body, 'user_id');
  const hideOnline = toFlag(body.hide_online);
  const invisible = toFlag(body.invisible_mode);
  const at = timeOf(body.ts, receivedAt);
  return {
    kind: 'availability',
    remoteId: userId,
    availability: availabilityOf({ hideOnline, invisible }),
    occurredAt: at.toISOString(),
    // The state is part of the key: two toggles within one second are two events.
    dedupeKey: `${event}:${userId}:${Math.floor(at.getTime() / 1000)}:${hideOnline ? 1 : 0}${invisible ? 1 : 0}`,
  };
};

// `user_id` is the assignee ("use {{args.chat.user_id}}"); 0 would mean nobody.
const autoAssigned = (body: Json, receivedAt: Date): CanonicalEvent[] => {
  const chatId = requireId(body, 'chat_id');
  const userId = toInt(body.user_id);
  if (userId === undefined || userId <= 0) {
    return [];
  }
  const at = timeOf(body.tslasign ?? body.ts, receivedAt);
  return [
    {
      kind: 'chat-assigned',
      chatId,
      remoteId: String(userId),
      occurredAt: at.toISOString(),
      dedupeKey: `${AUTO_ASSIGN_EVENT}:${chatId}:${Math.floor(at.getTime() / 1000)}`,
    },
  ];
};

// Placeholders render ids as numbers or quoted strings ("JSON-encoded"): both are read.
const requireId = (body: Json, field: string): string => {
  const id = toInt(body[field]);
  if (id === undefined) {
    throw new WebhookBodyError(`${field} missing or not an id`);
  }
  return String(id);
};

/**
 * `{{timestamp}}` / `tslasign` are Unix seconds; without one the arrival time stands in. The event
 * happened at the latest at the end of its second, and not after it arrived: a poll read earlier
 * in the same second must not outrank it ("latest observation wins" compares milliseconds).
 */
const timeOf = (value: unknown, receivedAt: Date): Date => {
  if (value === undefined || value === null || value === '') {
    return receivedAt;
  }
  const seconds = toInt(value);
  if (seconds === undefined || seconds < 0) {
    throw new WebhookBodyError('timestamp is not Unix seconds');
  }
  return new Date(Math.min(seconds * 1000 + 999, receivedAt.getTime()));
};

/**
 * LHC signs nothing, so a captured delivery could be posted again at any time. `ts` is when LHC
 * sent it (the Rest API action runs in-line): one further than the replay window from arrival is
 * refused, the same bound as a Chatwoot signature's timestamp.
 */
const checkSentWithinWindow = (body: Json, receivedAt: Date): void => {
  if (body.ts === undefined || body.ts === null || body.ts === '') {
    return;
  }
  const seconds = toInt(body.ts);
  if (seconds !== undefined && Math.abs(seconds - receivedAt.getTime() / 1000) > LHC_TS_WINDOW_S) {
    throw new WebhookBodyError(
      `ts is more than ${LHC_TS_WINDOW_S} s from arrival (a replayed or delayed delivery)`,
    );
  }
};
