import type { ConnectorConfig } from '@app/core/config.types';

/** Every failure an adapter raises carries one of these codes; one handler maps them to outcomes. */
export enum PlatformErrorCode {
  /** 401/403 or the platform's own "bad credentials" answer: stop until the config or an admin says so. */
  AUTH_FAILED = 'AUTH_FAILED',
  /** 429 or a platform rate-limit code: back off and retry. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** Network error, timeout or 5xx: retry with backoff. */
  TEMPORARY = 'TEMPORARY',
  /** The remote object does not exist (any more). */
  NOT_FOUND = 'NOT_FOUND',
  /** The platform answered something that does not match its documented shape. */
  INVALID_RESPONSE = 'INVALID_RESPONSE',
  /** The platform refused this write for a reason a retry will not fix (validation, seat limit, plan). */
  REJECTED = 'REJECTED',
  /** The connector's configuration cannot work (e.g. the identifier is not an admin). */
  CONFIG = 'CONFIG',
}

export interface PlatformErrorParams {
  code: PlatformErrorCode;
  connectorId: string;
  message: string;
  /** HTTP status, when there was one. */
  status?: number;
  /** The platform's own error code (e.g. Tencent 70001), when there was one. */
  platformCode?: string | number;
  /** Milliseconds the platform asked us to wait (Retry-After). */
  retryAfterMs?: number;
  /** See {@link PlatformError.outcomeUnknown}; false when omitted. */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

export class PlatformError extends Error {
  readonly code: PlatformErrorCode;
  readonly connectorId: string;
  readonly status?: number;
  readonly platformCode?: string | number;
  readonly retryAfterMs?: number;
  /**
   * The request may have reached the platform and no answer says what became of it: no HTTP
   * answer after it was sent (timeout, ECONNRESET, socket hang up), a gateway's 502/504, or the
   * platform's own 500 (it may have committed before failing). A non-idempotent write with this
   * flag may have been applied: read back before anything is sent again. Never set when the
   * request cannot have reached the platform (ECONNREFUSED, ENOTFOUND…) or for any other answer.
   */
  readonly outcomeUnknown: boolean;

  constructor(params: PlatformErrorParams) {
    super(params.message, { cause: params.cause });
    this.name = 'PlatformError';
    this.code = params.code;
    this.connectorId = params.connectorId;
    this.status = params.status;
    this.platformCode = params.platformCode;
    this.retryAfterMs = params.retryAfterMs;
    this.outcomeUnknown = params.outcomeUnknown ?? false;
  }

  get transient(): boolean {
    return this.code === PlatformErrorCode.TEMPORARY || this.code === PlatformErrorCode.RATE_LIMITED;
  }
}

export const isPlatformError = (error: unknown): error is PlatformError => error instanceof PlatformError;

/**
 * The one way to turn anything caught in an adapter into a PlatformError: a PlatformError as is,
 * anything else TEMPORARY (a bug or an unexpected throw, retried by the next run).
 */
export const asPlatformError = (error: unknown, connectorId: string): PlatformError =>
  isPlatformError(error)
    ? error
    : new PlatformError({
        code: PlatformErrorCode.TEMPORARY,
        connectorId,
        message: error instanceof Error ? error.message : String(error),
        cause: error,
      });

// Characters a credential is made of: a cut inside such a run may leave a piece of a secret that
// the redactor no longer recognises, so the whole run at the cut goes.
const TRAILING_TOKEN = /[A-Za-z0-9+/=_\-.:~%]+$/;

/**
 * A short excerpt of a platform's own explanation, for admins. Error text is redacted when it is
 * stored or logged, which only works on whole secrets: the cut never splits one.
 */
export const excerpt = (text: string, max = 200): string =>
  text.length <= max ? text : `${text.slice(0, max).replace(TRAILING_TOKEN, '')}…`;

/** What a failure message may name besides the error: the connector's settings and where they came from. */
export interface FailureContext {
  connector: ConnectorConfig;
  /** YAML path (`connectors[chatwoot].auth.apiAccessToken`) → the text with `${NAME}` written there. */
  references: ReadonlyMap<string, string>;
}
