import { HttpException } from '@nestjs/common';

/**
 * Every `error.code` the HTTP API answers, with its status. The README's error table lists exactly
 * these, with the same statuses (checked by test/e2e/docs-match-errors-and-cli.e2e-spec.ts).
 */
export const API_ERROR_STATUS = {
  /** A path id or operator key out of range, a JSON body nested too deep; any other 400. */
  BAD_REQUEST: 400,
  /** A query or body the validation DTOs refuse; `details` lists each problem. */
  VALIDATION_FAILED: 400,
  /** The body is not JSON although its content type says so. */
  INVALID_JSON: 400,
  /** A `cursor` that is not a `nextCursor` of the same list. */
  INVALID_CURSOR: 400,
  /** A webhook body the connector cannot read, or a field it cannot store. */
  WEBHOOK_MALFORMED: 400,
  /** No valid Bearer admin token. */
  UNAUTHORIZED: 401,
  /** A webhook that fails the connector's verification (signature, secret, time). */
  WEBHOOK_UNAUTHORIZED: 401,
  /** No `server.adminToken` configured: the admin API is closed. */
  ADMIN_API_DISABLED: 403,
  /** Any other 403. */
  FORBIDDEN: 403,
  /** No such route. */
  NOT_FOUND: 404,
  /** No connector (for webhooks: no enabled connector taking webhooks) has this id. */
  CONNECTOR_NOT_FOUND: 404,
  RUN_NOT_FOUND: 404,
  EVENT_NOT_FOUND: 404,
  OPERATOR_NOT_FOUND: 404,
  /** The connector is configured with `enabled: false`. */
  CONNECTOR_DISABLED: 409,
  /** Another run holds the connector; `details.holder` names it. */
  RUN_IN_PROGRESS: 409,
  /** Any other 409. */
  CONFLICT: 409,
  /** The body is larger than `server.bodyLimit`. */
  PAYLOAD_TOO_LARGE: 413,
  /** A body encoding or charset the parsers do not read. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** A bug in chat-bridge: the details go to the log, never to the client. */
  INTERNAL: 500,
  /** The connector takes no writes now (backing off, or waiting for new credentials). */
  UNAVAILABLE: 503,
  /** The process is stopping: no new run starts, no webhook is taken. */
  SHUTTING_DOWN: 503,
  /** `/health/ready`: the database does not answer. */
  DATABASE_UNAVAILABLE: 503,
  /** A webhook could not be stored (its transaction rolled back): nothing of it is kept, send it again. */
  INBOX_UNAVAILABLE: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  details?: unknown;
}

/** An answer written straight to the response (outside Nest's exception filter). */
export const apiErrorReply = (
  code: ApiErrorCode,
  message: string,
): { status: number; body: { error: ApiErrorBody } } => ({
  status: API_ERROR_STATUS[code],
  body: { error: { code, message } },
});

/** An exception with the code's status, whose body the exception filter passes on as it is. */
export const apiException = (code: ApiErrorCode, message: string): HttpException =>
  new HttpException({ code, message }, API_ERROR_STATUS[code]);
