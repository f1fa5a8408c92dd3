import {
  PlatformError,
  PlatformErrorCode,
  isPlatformError,
  type FailureContext,
} from '@app/core/platform-error';
import { adviceFor } from '@app/runs/failure-advice';

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

/**
 * `CODE: message`, and with the connector's context the next step (host, key, variable), e.g.
 * `AUTH_FAILED: GET /api/v1/profile answered HTTP 401 — next: cw.example.com refused the
 * credentials: check connectors[chatwoot].auth.apiAccessToken (set from ${CHATWOOT_TOKEN}), …`.
 */
export const describeError = (error: unknown, context?: FailureContext): string => {
  if (!(error instanceof PlatformError)) {
    return error instanceof Error ? error.message : String(error);
  }
  const advice = context ? adviceFor(error, context) : undefined;
  return `${error.code}: ${error.message}${advice ? ` — next: ${advice}` : ''}`;
};
