import type { Response } from 'express';

import type { SimResponse } from '@app/simulator/framework/simulator.types';

export function jsonResponse(body: unknown, status = 200, headers?: Record<string, string>): SimResponse {
  return { status, body, headers };
}

export function emptyResponse(status = 200, headers?: Record<string, string>): SimResponse {
  return { status, headers };
}

export function rawResponse(
  raw: string | Buffer,
  status = 200,
  contentType = 'text/plain; charset=utf-8',
): SimResponse {
  return { status, raw, headers: { 'content-type': contentType } };
}

/** Thrown by handlers for a bad request: answered 400 and recorded in `validationErrors()`. */
export class InvalidRequestError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('; '));
    this.name = 'InvalidRequestError';
  }
}

export function writeSimResponse(res: Response, response: SimResponse): void {
  if (res.headersSent || res.destroyed) {
    return;
  }
  res.status(response.status);
  let payload: string | Buffer = '';
  if (response.raw !== undefined) {
    payload = response.raw;
  } else if (response.body !== undefined) {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    payload = JSON.stringify(response.body);
  }
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    res.setHeader(name, value);
  }
  res.setHeader('content-length', Buffer.byteLength(payload));
  res.end(payload);
}
