import { createHash, timingSafeEqual } from 'node:crypto';

import type { WebhookVerification } from '@app/platforms/webhook.types';

/** Tencent's LiveKit page (same Sign scheme) rejects RequestTime more than 1 minute off (trtc.io 64412). */
export const CALLBACK_WINDOW_SECONDS = 60;

/** `Sign = lowercase hex SHA-256(token + RequestTime)`: a plain hash, not an HMAC, and not over the body. */
export const computeCallbackSign = (token: string, requestTime: string): string =>
  createHash('sha256')
    .update(token + requestTime, 'utf8')
    .digest('hex');

export interface CallbackSignParams {
  query: Record<string, string | undefined>;
  sdkAppId: number;
  token: string;
  nowMs: number;
  windowSeconds?: number;
}

/** Every callback page says to check SdkAppid; it is not a secret, so plain equality is enough. */
export const checkCallbackSdkAppId = (
  query: Record<string, string | undefined>,
  sdkAppId: number,
): WebhookVerification =>
  query.SdkAppid === String(sdkAppId) ? { ok: true } : { ok: false, reason: 'SdkAppid does not match' };

/** SdkAppid, then Sign/RequestTime compared in constant time within ±60 s. */
export const verifyCallbackSign = (params: CallbackSignParams): WebhookVerification => {
  const appId = checkCallbackSdkAppId(params.query, params.sdkAppId);
  if (!appId.ok) {
    return appId;
  }
  const { Sign: sign, RequestTime: requestTime } = params.query;
  if (sign === undefined || requestTime === undefined) {
    return { ok: false, reason: 'Sign or RequestTime missing' };
  }
  if (!/^[0-9a-f]{64}$/i.test(sign) || !/^\d{1,12}$/.test(requestTime)) {
    return { ok: false, reason: 'Sign or RequestTime malformed' };
  }
  const window = params.windowSeconds ?? CALLBACK_WINDOW_SECONDS;
  if (Math.abs(Math.floor(params.nowMs / 1000) - Number(requestTime)) > window) {
    return { ok: false, reason: 'RequestTime outside the allowed window' };
  }
  // Both are 64 hex characters here, so the buffers have equal length as timingSafeEqual needs.
  const expected = Buffer.from(computeCallbackSign(params.token, requestTime), 'utf8');
  const given = Buffer.from(sign.toLowerCase(), 'utf8');
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'Sign does not match' };
};
