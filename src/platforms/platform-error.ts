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
  cause?: unknown;
}

export class PlatformError extends Error {
  readonly code: PlatformErrorCode;
  readonly connectorId: string;
  readonly status?: number;
  readonly platformCode?: string | number;
  readonly retryAfterMs?: number;

  constructor(params: PlatformErrorParams) {
    super(params.message, { cause: params.cause });
    this.name = 'PlatformError';
    this.code = params.code;
    this.connectorId = params.connectorId;
    this.status = params.status;
    this.platformCode = params.platformCode;
    this.retryAfterMs = params.retryAfterMs;
  }

  get transient(): boolean {
    return this.code === PlatformErrorCode.TEMPORARY || this.code === PlatformErrorCode.RATE_LIMITED;
  }
}

export const isPlatformError = (error: unknown): error is PlatformError => error instanceof PlatformError;
