import { AxiosError } from 'axios';
import { retryAfter } from 'axios-retry';

import { excerpt, PlatformError, PlatformErrorCode } from '@app/core/platform-error';

/** Status codes whose meaning is the same on every platform we talk to. */
const CODE_BY_STATUS: Record<number, PlatformErrorCode> = {
  401: PlatformErrorCode.AUTH_FAILED,
  403: PlatformErrorCode.AUTH_FAILED,
  404: PlatformErrorCode.NOT_FOUND,
  408: PlatformErrorCode.TEMPORARY,
  429: PlatformErrorCode.RATE_LIMITED,
};

/**
 * Answers after which a write may have been applied: the platform's own 500 (it may have committed
 * before failing) and a gateway's 502/504 (the platform behind it may still be working on it).
 */
export const GATEWAY_STATUSES: ReadonlySet<number> = new Set([502, 504]);
export const OUTCOME_UNKNOWN_STATUSES: ReadonlySet<number> = new Set([500, ...GATEWAY_STATUSES]);

// Connecting failed, so nothing was sent; another try may work (a restarting host, flaky DNS).
const CONNECT_FAILURES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);
// Refused before anything was sent, and no retry changes that: a bad URL, a refused certificate.
const REFUSED_LOCALLY = /^(ERR_INVALID_URL$|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;

/** The connection could not be made: nothing was sent, and a retry may succeed. */
export const connectFailed = (error: AxiosError): boolean =>
  error.response === undefined && error.code !== undefined && CONNECT_FAILURES.has(error.code);

/** The request cannot have reached the platform, so sending it again can never apply it twice. */
export const neverReachedPlatform = (error: AxiosError): boolean =>
  connectFailed(error) ||
  (error.response === undefined && error.code !== undefined && REFUSED_LOCALLY.test(error.code));

/**
 * Turns anything axios throws into a PlatformError. The message names the route template only:
 * concrete URLs can carry credentials (Tencent puts the UserSig in the query string).
 */
export const toPlatformError = (error: unknown, connectorId: string, route: string): PlatformError => {
  if (error instanceof PlatformError) {
    return error;
  }
  if (!(error instanceof AxiosError)) {
    return new PlatformError({
      code: PlatformErrorCode.TEMPORARY,
      connectorId,
      message: `${route} failed: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
  const status = error.response?.status;
  if (status === undefined) {
    const timedOut = error.code === AxiosError.ECONNABORTED || error.code === AxiosError.ETIMEDOUT;
    return new PlatformError({
      code: PlatformErrorCode.TEMPORARY,
      connectorId,
      message: `${route} failed: ${timedOut ? 'timed out' : (error.code ?? 'network error')}`,
      // Sent, and then no answer (timeout, ECONNRESET, socket hang up): it may have been applied.
      outcomeUnknown: !neverReachedPlatform(error),
    });
  }
  const code =
    CODE_BY_STATUS[status] ?? (status >= 500 ? PlatformErrorCode.TEMPORARY : PlatformErrorCode.REJECTED);
  const retryAfterMs = status === 429 ? retryAfter(error) || undefined : undefined;
  return new PlatformError({
    code,
    connectorId,
    status,
    retryAfterMs,
    outcomeUnknown: OUTCOME_UNKNOWN_STATUSES.has(status),
    message: `${route} answered HTTP ${status}${describeBody(error.response?.data)}`,
  });
};

const describeBody = (data: unknown): string => {
  if (data === undefined || data === null || data === '') {
    return '';
  }
  return `: ${excerpt(typeof data === 'string' ? data : JSON.stringify(data))}`;
};
