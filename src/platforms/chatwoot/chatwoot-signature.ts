import { createHmac, timingSafeEqual } from 'node:crypto';

import { CHATWOOT_SIGNATURE_TOLERANCE_S } from '@app/platforms/chatwoot/chatwoot.options';
import type { WebhookVerification } from '@app/platforms/webhook.types';

/** `sha256=` + hex HMAC-SHA256(secret, `<timestamp>.<raw body>`) (CW lib/webhooks/trigger.rb). */
export const computeChatwootSignature = (
  secret: string,
  timestamp: string,
  rawBody: Buffer | string,
): string => `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;

export interface ChatwootSignatureCheck {
  secret: string;
  signature?: string;
  timestamp?: string;
  rawBody: Buffer;
  nowMs: number;
}

/** Constant-time; the timestamp must be within ±300 s of now. */
export const verifyChatwootSignature = (check: ChatwootSignatureCheck): WebhookVerification => {
  const { signature, timestamp } = check;
  // Chatwoot ≤ 4.11.1 signs nothing: such a webhook needs `webhook.insecure`.
  if (!signature || !timestamp) {
    return { ok: false, reason: 'X-Chatwoot-Signature or X-Chatwoot-Timestamp missing' };
  }
  if (!/^\d+$/.test(timestamp)) {
    return { ok: false, reason: 'X-Chatwoot-Timestamp is not a unix time' };
  }
  if (Math.abs(check.nowMs / 1000 - Number(timestamp)) > CHATWOOT_SIGNATURE_TOLERANCE_S) {
    return { ok: false, reason: 'X-Chatwoot-Timestamp is more than 300 s away' };
  }
  const expected = Buffer.from(computeChatwootSignature(check.secret, timestamp, check.rawBody), 'utf8');
  const presented = Buffer.from(signature.trim(), 'utf8');
  return presented.length === expected.length && timingSafeEqual(presented, expected)
    ? { ok: true }
    : { ok: false, reason: 'X-Chatwoot-Signature does not match' };
};
