import { createHmac, timingSafeEqual } from 'node:crypto';

import type { JsonValue } from '@app/core/json-value';
import type { AlertEntity } from '@app/database/entities/alert.entity';

/** The JSON body a webhook sink receives (and what Slack text and e-mails are written from). */
export interface AlertPayload {
  /** Stable across retries of the same alert to the same sink: a receiver can drop repeats by it. */
  id: number;
  event: string;
  connectorId: string;
  /** When the condition was recorded (ISO 8601). */
  at: string;
  message: string;
  details: JsonValue;
}

export const SIGNATURE_HEADER = 'X-Bridge-Signature';

export const toPayload = (alert: AlertEntity): AlertPayload => ({
  id: alert.id,
  event: alert.event,
  connectorId: alert.connectorId,
  at: alert.createdAt.toISOString(),
  message: alert.message,
  details: JSON.parse(alert.details) as JsonValue,
});

/** `sha256=<hex HMAC-SHA256(secret, raw body)>`, the value of X-Bridge-Signature. */
export const signBody = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/** What a receiver does: recompute the signature over the raw body and compare in constant time. */
export const verifySignature = (secret: string, body: string, header: string | undefined): boolean => {
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/** One line for a chat channel: `[chat-bridge] connector.degraded · lhc: …`. */
export const slackText = (payload: AlertPayload): string =>
  `[chat-bridge] ${payload.event} · ${payload.connectorId}: ${payload.message}`;

export const emailOf = (payload: AlertPayload): { subject: string; text: string } => ({
  subject: `[chat-bridge] ${payload.event}: ${payload.connectorId}`,
  text: [
    payload.message,
    '',
    `event:     ${payload.event}`,
    `connector: ${payload.connectorId}`,
    `at:        ${payload.at}`,
    `alert id:  ${payload.id}`,
    '',
    'details:',
    JSON.stringify(payload.details, null, 2),
  ].join('\n'),
});
