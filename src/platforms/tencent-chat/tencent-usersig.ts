import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';

/** The JSON inside a TLSSigAPIv2 UserSig. */
export interface UserSigPayload {
  'TLS.ver': string;
  'TLS.identifier': string;
  'TLS.sdkappid': number;
  'TLS.time': number;
  'TLS.expire': number;
  'TLS.sig': string;
}

export interface UserSigParams {
  sdkAppId: number;
  identifier: string;
  /** The console secret key, used as a UTF-8 string (never hex-decoded). */
  secretKey: string;
  /** A duration in seconds, not a timestamp. */
  expireSeconds: number;
  nowMs: number;
}

export type UserSigRejection = 'malformed' | 'sdkappid' | 'identifier' | 'expired' | 'signature';

export type UserSigCheck = { ok: true; payload: UserSigPayload } | { ok: false; reason: UserSigRejection };

export interface VerifyUserSigParams {
  userSig: string;
  sdkAppId: number;
  identifier: string;
  secretKey: string;
  nowMs: number;
}

export class UserSigFormatError extends Error {}

// Every line ends in "\n", the last one included; no userbuf line for an ordinary UserSig.
const contentToSign = (identifier: string, sdkAppId: number, time: number, expire: number): string =>
  `TLS.identifier:${identifier}\nTLS.sdkappid:${sdkAppId}\nTLS.time:${time}\nTLS.expire:${expire}\n`;

/** `TLS.sig`: standard base64 (with `+`, `/`, `=`) of HMAC-SHA256(key, content). */
export const signUserSigContent = (
  secretKey: string,
  identifier: string,
  sdkAppId: number,
  time: number,
  expire: number,
): string =>
  createHmac('sha256', Buffer.from(secretKey, 'utf8'))
    .update(contentToSign(identifier, sdkAppId, time, expire), 'utf8')
    .digest('base64');

// Tencent's own "base64url" (not RFC 4648): + → *, / → -, = → _.
export const encodeTencentBase64 = (bytes: Buffer): string =>
  bytes.toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');

export const decodeTencentBase64 = (text: string): Buffer => {
  if (!/^[A-Za-z0-9*_-]+$/.test(text)) {
    throw new UserSigFormatError('UserSig holds characters outside Tencent base64');
  }
  return Buffer.from(text.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64');
};

export const generateUserSig = ({
  sdkAppId,
  identifier,
  secretKey,
  expireSeconds,
  nowMs,
}: UserSigParams): string => {
  const time = Math.floor(nowMs / 1000);
  const payload: UserSigPayload = {
    'TLS.ver': '2.0',
    'TLS.identifier': identifier,
    'TLS.sdkappid': sdkAppId,
    'TLS.time': time,
    'TLS.expire': expireSeconds,
    'TLS.sig': signUserSigContent(secretKey, identifier, sdkAppId, time, expireSeconds),
  };
  return encodeTencentBase64(deflateSync(Buffer.from(JSON.stringify(payload), 'utf8')));
};

const isPayload = (value: unknown): value is UserSigPayload => {
  const v = value as Partial<UserSigPayload> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v['TLS.identifier'] === 'string' &&
    Number.isInteger(v['TLS.sdkappid']) &&
    Number.isInteger(v['TLS.time']) &&
    Number.isInteger(v['TLS.expire']) &&
    typeof v['TLS.sig'] === 'string'
  );
};

/** Reverses the mapping, inflates and parses; throws UserSigFormatError for anything else. */
export const decodeUserSig = (userSig: string): UserSigPayload => {
  let json: unknown;
  try {
    json = JSON.parse(inflateSync(decodeTencentBase64(userSig)).toString('utf8'));
  } catch (error) {
    throw error instanceof UserSigFormatError
      ? error
      : new UserSigFormatError('UserSig does not inflate to JSON');
  }
  if (!isPayload(json)) {
    throw new UserSigFormatError('UserSig JSON lacks the TLS fields');
  }
  return json;
};

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
};

/** Checks in the order of tls-go: sdkappid, identifier, expiry, then the recomputed HMAC. */
export const verifyUserSig = (params: VerifyUserSigParams): UserSigCheck => {
  let payload: UserSigPayload;
  try {
    payload = decodeUserSig(params.userSig);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (payload['TLS.sdkappid'] !== params.sdkAppId) {
    return { ok: false, reason: 'sdkappid' };
  }
  if (payload['TLS.identifier'] !== params.identifier) {
    return { ok: false, reason: 'identifier' };
  }
  if (Math.floor(params.nowMs / 1000) > payload['TLS.time'] + payload['TLS.expire']) {
    return { ok: false, reason: 'expired' };
  }
  const expected = signUserSigContent(
    params.secretKey,
    payload['TLS.identifier'],
    payload['TLS.sdkappid'],
    payload['TLS.time'],
    payload['TLS.expire'],
  );
  return sameText(expected, payload['TLS.sig']) ? { ok: true, payload } : { ok: false, reason: 'signature' };
};

export interface UserSigCacheParams {
  sdkAppId: number;
  identifier: string;
  secretKey: string;
  expireSeconds: number;
  /** Share of the lifetime after which a new sig is made (default 0.8). */
  renewAt?: number;
  now?: () => number;
  /** Called with every new sig, so loggers can redact it. */
  onIssued?: (userSig: string) => void;
}

/**
 * The admin UserSig, reused until ~80 % of its lifetime and renewed on demand (70001). A server SDK
 * that never renewed its admin sig failed after a day (doocs/qcloud-im-server-sdk-java#63).
 */
export class UserSigCache {
  private cached?: { userSig: string; renewAfterMs: number };

  constructor(private readonly params: UserSigCacheParams) {}

  current(): string {
    const now = (this.params.now ?? Date.now)();
    if (!this.cached || now >= this.cached.renewAfterMs) {
      const { sdkAppId, identifier, secretKey, expireSeconds } = this.params;
      const userSig = generateUserSig({ sdkAppId, identifier, secretKey, expireSeconds, nowMs: now });
      const renewAfterMs = now + expireSeconds * 1000 * (this.params.renewAt ?? 0.8);
      this.cached = { userSig, renewAfterMs };
      this.params.onIssued?.(userSig);
    }
    return this.cached.userSig;
  }

  /** Forgets the cached sig: the next `current()` makes a new one. */
  invalidate(): void {
    this.cached = undefined;
  }
}
