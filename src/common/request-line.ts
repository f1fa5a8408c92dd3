import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestLineRedactor {
  redact(text: string): string;
}

/** Request paths only: query strings can carry a webhook `?secret=`. */
export const pathOnly = (url: string | undefined): string => (url ?? '').split('?')[0];

/** Method, path and status, so that even a pretty one-line log says what happened. */
export const requestLine = (
  redactor: RequestLineRedactor,
  req: IncomingMessage,
  res: ServerResponse,
): string => `${req.method ?? ''} ${redactor.redact(pathOnly(req.url))} ${res.statusCode}`;

/** A served request is debug; what a client got wrong is warn; what failed here is error. */
export const requestLevel = (res: ServerResponse, error?: unknown): 'debug' | 'warn' | 'error' =>
  error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug';
