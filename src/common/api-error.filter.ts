import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';

import { API_ERROR_STATUS, type ApiErrorCode } from '@app/common/api-errors';
import {
  ConnectorBusyError,
  ConnectorDisabledError,
  ConnectorNotFoundError,
  ConnectorUnavailableError,
  ShuttingDownError,
} from '@app/runs/run-errors';

interface ErrorBody {
  // An HttpException's own code passes as it is: they are made by apiException, from the list.
  code: string;
  message: string;
  details?: unknown;
}

// The generic code of a status, for an answer no more precise code describes.
const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

const answer = (code: ApiErrorCode, message: string, details?: unknown) => ({
  status: API_ERROR_STATUS[code],
  body: { code, message, ...(details === undefined ? {} : { details }) },
});

/** The engine's own errors, mapped here so the engine needs no HTTP vocabulary. */
const describeDomainError = (exception: unknown): { status: number; body: ErrorBody } | undefined => {
  if (exception instanceof ConnectorNotFoundError) {
    return answer('CONNECTOR_NOT_FOUND', exception.message);
  }
  if (exception instanceof ConnectorDisabledError) {
    return answer('CONNECTOR_DISABLED', exception.message);
  }
  if (exception instanceof ConnectorBusyError) {
    return answer('RUN_IN_PROGRESS', exception.message, { holder: exception.holder });
  }
  if (exception instanceof ConnectorUnavailableError) {
    return answer('UNAVAILABLE', exception.message);
  }
  if (exception instanceof ShuttingDownError) {
    // The same code as /health/ready and the webhooks answer while stopping.
    return answer('SHUTTING_DOWN', exception.message);
  }
  return undefined;
};

/**
 * Every error leaves as `{ error: { code, message, details? } }`. Client mistakes (bad JSON, too
 * large, wrong types) are 4xx; only our own bugs become 500, and their details stay in the log.
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.describe(exception);
    if (status >= 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }
    response.status(status).json({ error: body });
  }

  private describe(exception: unknown): { status: number; body: ErrorBody } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, body: this.fromHttpException(status, exception.getResponse()) };
    }
    const domain = describeDomainError(exception);
    if (domain) {
      return domain;
    }
    // body-parser errors carry an HTTP status and a type (entity.parse.failed, entity.too.large…).
    const parserError = exception as { status?: number; type?: string; message?: string };
    if (typeof parserError?.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      const invalidJson = parserError.type === 'entity.parse.failed' || exception instanceof SyntaxError;
      const code: ApiErrorCode = invalidJson
        ? 'INVALID_JSON'
        : (CODE_BY_STATUS[parserError.status] ?? 'BAD_REQUEST');
      const message = invalidJson ? 'the request body is not valid JSON' : (parserError.message ?? code);
      return { status: parserError.status, body: { code, message } };
    }
    return answer('INTERNAL', 'internal error');
  }

  private fromHttpException(status: number, payload: string | object): ErrorBody {
    const fallback: ApiErrorCode = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
    if (typeof payload === 'string') {
      return { code: fallback, message: payload };
    }
    const p = payload as { code?: unknown; message?: unknown; details?: unknown };
    // class-validator failures arrive as { message: string[] } from the ValidationPipe.
    if (Array.isArray(p.message)) {
      return {
        code: 'VALIDATION_FAILED' satisfies ApiErrorCode,
        message: 'the request is invalid',
        details: p.message,
      };
    }
    return {
      code: typeof p.code === 'string' ? p.code : fallback,
      message: typeof p.message === 'string' ? p.message : fallback,
      ...(p.details === undefined ? {} : { details: p.details }),
    };
  }
}
