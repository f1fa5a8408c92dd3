import { createHash } from 'node:crypto';

import { parseJsonObject } from '@app/platforms/json-object';
import { eventTimeFromMs } from '@app/platforms/webhook-time';
import {
  type AssignmentAnswer,
  type CanonicalEvent,
  type ParsedWebhook,
  type PlatformWebhookHandler,
  WebhookBodyError,
  type WebhookRequest,
  type WebhookVerification,
} from '@app/platforms/webhook.types';
import {
  CALLBACK_WINDOW_SECONDS,
  checkCallbackSdkAppId,
  verifyCallbackSign,
} from '@app/platforms/tencent-chat/tencent-callback-sign';

export interface TencentChatWebhookParams {
  sdkAppId: number;
  /** Callback token from the console; without one, callbacks are refused unless `insecure`. */
  token?: string;
  insecure: boolean;
}

/** Who should take a Desk session: agents' e-mails (newest doc) and/or a group to pick from. */
export type TencentAssignmentAnswer = AssignmentAnswer;

type Json = Record<string, unknown>;

/** The reply Tencent expects with the 200; anything else counts as a failed callback. */
export const TENCENT_CALLBACK_ACK = { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 } as const;

const ASSIGN_COMMANDS = new Set(['ChatBot.OnAssignAgent', 'ChatBot.OnAssignHuman']);
// Disconnect is LinkClose/TimeOut: the network, not the agent, decided it.
const AVAILABILITY_BY_ACTION: Record<string, { availability: 'online' | 'offline'; weak?: boolean }> = {
  Login: { availability: 'online' },
  Logout: { availability: 'offline' },
  Disconnect: { availability: 'offline', weak: true },
};

/** Tencent Chat third-party callbacks: State.StateChange, assign-agent and Desk session events. */
export class TencentChatWebhook implements PlatformWebhookHandler {
  constructor(private readonly params: TencentChatWebhookParams) {}

  verify(request: WebhookRequest): WebhookVerification {
    const { sdkAppId, token, insecure } = this.params;
    if (token !== undefined) {
      return verifyCallbackSign({
        query: request.query,
        sdkAppId,
        token,
        nowMs: request.receivedAt.getTime(),
      });
    }
    if (!insecure) {
      return { ok: false, reason: 'no callback token configured (set webhook.token or webhook.insecure)' };
    }
    return checkCallbackSdkAppId(request.query, sdkAppId);
  }

  parse(request: WebhookRequest): ParsedWebhook {
    const body = parseJsonObject(request.rawBody);
    // The command is in the query string and in the body; the query wins when both exist.
    const command = request.query.CallbackCommand ?? body.CallbackCommand;
    if (typeof command !== 'string' || command === '') {
      throw new WebhookBodyError('CallbackCommand missing');
    }
    if (command === 'State.StateChange') {
      return this.signed(request, stateChange(body, request.receivedAt));
    }
    if (ASSIGN_COMMANDS.has(command)) {
      const sessionId = requireString(body, 'SessionId');
      const eventTime = eventTimeOf(body, request.receivedAt);
      return {
        events: [],
        assignment: {
          dedupeKey: `assign:${sessionId}:${eventTime.getTime()}`,
          command,
          sessionId,
          clientUserId: optionalId(body.ClientUserId),
          occurredAt: eventTime.toISOString(),
        },
      };
    }
    if (command === 'Desk.SessionEventNotify') {
      return this.signed(request, [sessionEvent(body, request)]);
    }
    // Other callbacks may be switched on in the console; they are acknowledged and ignored.
    return { events: [] };
  }

  /**
   * `Sign` covers the token and RequestTime only, so a captured query string would carry any body
   * while RequestTime is in its window. The damage is bounded: each (RequestTime, body) is stored
   * once, and the window is 60 s.
   */
  private signed(request: WebhookRequest, events: CanonicalEvent[]): ParsedWebhook {
    const requestTime = request.query.RequestTime;
    if (this.params.token === undefined || requestTime === undefined) {
      return { events };
    }
    const digest = createHash('sha256').update(`${requestTime}.`).update(request.rawBody).digest('hex');
    return { events, replay: { digest, windowMs: CALLBACK_WINDOW_SECONDS * 1000 } };
  }

  acknowledgement(): unknown {
    return { ...TENCENT_CALLBACK_ACK };
  }

  /**
   * The synchronous reply to an assign-agent callback: AgentIdList and/or AgentGroupId;
   * with neither there is nobody to offer, so FAIL with ErrorCode 1.
   */
  answerAssignment({ agentIds, groupId }: TencentAssignmentAnswer): unknown {
    if (agentIds.length === 0 && groupId === undefined) {
      return { ActionStatus: 'FAIL', ErrorInfo: 'no agent available', ErrorCode: 1 };
    }
    return {
      ...TENCENT_CALLBACK_ACK,
      ...(groupId === undefined ? {} : { AgentGroupId: groupId }),
      ...(agentIds.length === 0 ? {} : { AgentIdList: agentIds }),
    };
  }
}

const requireString = (body: Json, field: string): string => {
  const value = body[field];
  if (typeof value !== 'string' || value === '') {
    throw new WebhookBodyError(`${field} missing`);
  }
  return value;
};

const optionalId = (value: unknown): string | undefined =>
  (typeof value === 'string' && value !== '') || typeof value === 'number' ? String(value) : undefined;

// EventTime is in milliseconds; `fallback` (arrival) bounds how far ahead it may be.
const eventTimeOf = (body: Json, fallback: Date): Date => {
  const value = body.EventTime;
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number') {
    throw new WebhookBodyError('EventTime is not a millisecond timestamp');
  }
  return eventTimeFromMs(value, 'EventTime', fallback);
};

const stateChange = (body: Json, receivedAt: Date): CanonicalEvent[] => {
  const info = body.Info;
  if (typeof info !== 'object' || info === null || typeof body.EventTime !== 'number') {
    throw new WebhookBodyError('State.StateChange needs Info and EventTime');
  }
  const action = requireString(info as Json, 'Action');
  const account = requireString(info as Json, 'To_Account');
  const mapped = AVAILABILITY_BY_ACTION[action];
  if (!mapped) {
    return []; // an action this version does not know: acknowledged, not guessed
  }
  const occurredAt = eventTimeOf(body, receivedAt);
  return [
    {
      kind: 'availability',
      remoteId: account,
      ...mapped,
      occurredAt: occurredAt.toISOString(),
      dedupeKey: `state:${account}:${action}:${occurredAt.getTime()}`,
    },
  ];
};

const sessionEvent = (body: Json, request: WebhookRequest): CanonicalEvent => {
  const sessionId = requireString(body, 'SessionId');
  const event = requireString(body, 'Event');
  const occurredAt = eventTimeOf(body, request.receivedAt);
  // Desk repeats RequestID on a retried delivery (cloud.tencent.com 269/111212).
  const requestId = request.query.RequestID;
  return {
    kind: 'session',
    sessionId,
    event,
    agentId: optionalId(body.AgentId),
    clientUserId: optionalId(body.ClientUserId),
    occurredAt: occurredAt.toISOString(),
    dedupeKey: requestId ? `desk:${requestId}` : `session:${sessionId}:${event}:${occurredAt.getTime()}`,
  };
};
