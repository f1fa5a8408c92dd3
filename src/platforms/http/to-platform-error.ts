import { AxiosError } from 'axios';
import { retryAfter } from 'axios-retry';

import { PlatformError, PlatformErrorCode } from '@app/platforms/platform-error';

/** Status codes whose meaning is the same on every platform we talk to. */
const CODE_BY_STATUS: Record<number, PlatformErrorCode> = {
  401: PlatformErrorCode.AUTH_FAILED,
  403: PlatformErrorCode.AUTH_FAILED,
  404: PlatformErrorCode.NOT_FOUND,
  408: PlatformErrorCode.TEMPORARY,
  429: PlatformErrorCode.RATE_LIMITED,
};

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
    message: `${route} answered HTTP ${status}${describeBody(error.response?.data)}`,
  });
};

// A short excerpt of the platform's own explanation helps admins; it is redacted by the logger.
const describeBody = (data: unknown): string => {
  if (data === undefined || data === null || data === '') {
    return '';
  }
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return `: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
};
