import { PlatformError, PlatformErrorCode, isPlatformError } from '@app/core/platform-error';

export type ConnectorHealth = 'healthy' | 'degraded' | 'bad_credentials' | 'quarantined' | 'disabled';

export interface ErrorDisposition {
  health: ConnectorHealth;
  /** Retry on the backoff schedule; false waits for a config change or an admin. */
  retry: boolean;
  /** Outcome of the single change that failed with this error. */
  changeOutcome: 'failed' | 'rejected';
}

/** The one place where platform error codes become connector health and run outcomes. */
export const dispositionFor = (error: unknown): ErrorDisposition => {
  if (!isPlatformError(error)) {
    return { health: 'degraded', retry: true, changeOutcome: 'failed' };
  }
  switch (error.code) {
    case PlatformErrorCode.AUTH_FAILED:
      return { health: 'bad_credentials', retry: false, changeOutcome: 'failed' };
    case PlatformErrorCode.CONFIG:
      return { health: 'quarantined', retry: false, changeOutcome: 'failed' };
    case PlatformErrorCode.REJECTED:
      return { health: 'degraded', retry: true, changeOutcome: 'rejected' };
    case PlatformErrorCode.RATE_LIMITED:
    case PlatformErrorCode.TEMPORARY:
    case PlatformErrorCode.NOT_FOUND:
    case PlatformErrorCode.INVALID_RESPONSE:
      return { health: 'degraded', retry: true, changeOutcome: 'failed' };
  }
};

export const describeError = (error: unknown): string =>
  error instanceof PlatformError
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);
