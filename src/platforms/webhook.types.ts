import type { Availability } from '@app/core/operator.types';

/** A webhook delivery as received: the raw bytes are what signatures cover. */
export interface WebhookRequest {
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  rawBody: Buffer;
  receivedAt: Date;
}

export type WebhookVerification = { ok: true } | { ok: false; reason: string };

interface EventBase {
  /** Unique per connector: a duplicate delivery carries the same key and is ignored. */
  dedupeKey: string;
  /** When the platform says it happened (ISO-8601); ordering uses this, not arrival. */
  occurredAt: string;
}

/** Platform-independent events, stored in the inbox and applied by the processor. */
export type CanonicalEvent =
  | (EventBase & { kind: 'availability'; remoteId: string; availability: Availability; weak?: boolean })
  | (EventBase & { kind: 'operator-changed'; remoteId?: string })
  | (EventBase & {
      kind: 'conversation';
      conversationId: string;
      inboxId?: string;
      status: 'open' | 'pending' | 'resolved' | 'snoozed';
      /** The status before this change, when the platform says (Chatwoot `changed_attributes`). */
      previousStatus?: 'open' | 'pending' | 'resolved' | 'snoozed';
      assigneeType?: string;
      /** The event is (or follows) an incoming, non-private customer message. */
      lastMessageIncoming?: boolean;
      agentReplied?: boolean;
    })
  | (EventBase & {
      kind: 'session';
      sessionId: string;
      event: string;
      agentId?: string;
      clientUserId?: string;
    })
  | (EventBase & { kind: 'chat-assigned'; chatId: string; remoteId: string })
  | (EventBase & {
      kind: 'assignment-answered';
      sessionId?: string;
      clientUserId?: string;
      agentIds: string[];
      groupId?: number;
    });

export type CanonicalEventKind = CanonicalEvent['kind'];

/** A question the platform waits on (Tencent's assign-agent callback): answered in-line from memory. */
export interface AssignmentRequest {
  dedupeKey: string;
  command: string;
  sessionId?: string;
  clientUserId?: string;
  occurredAt: string;
}

export interface ParsedWebhook {
  events: CanonicalEvent[];
  assignment?: AssignmentRequest;
  /**
   * The digest (hex SHA-256) of what the signature covers, when the platform's delivery id or body
   * is not covered by it: the same digest seen again within `windowMs` is a replay and is not
   * stored. The window is how long the signature itself stays valid.
   */
  replay?: { digest: string; windowMs: number };
}

/** The body is not what the platform sends (bad JSON, wrong shape): answered 400. */
export class WebhookBodyError extends Error {}

/** Verify, then parse; one implementation per platform in its `*.webhook.ts`. */
export interface PlatformWebhookHandler {
  /** Constant-time checks only; must not parse more of the body than the signature scheme needs. */
  verify(request: WebhookRequest): WebhookVerification;
  /** Throws WebhookBodyError for malformed bodies. */
  parse(request: WebhookRequest): ParsedWebhook;
  /** The body the platform expects with a 2xx (Tencent wants its JSON envelope). */
  acknowledgement?(): unknown;
}

export interface AssignmentAnswer {
  /** Agent ids as the platform wants them (Tencent Desk: e-mails). */
  agentIds: string[];
  groupId?: number;
}
