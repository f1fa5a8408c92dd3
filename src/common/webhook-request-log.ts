import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction } from 'express';
import type { Logger } from 'pino';

import { requestLevel, requestLine, type RequestLineRedactor } from '@app/common/request-line';

/**
 * The request line of a webhook delivery, written without pino-http. pino-http makes two child
 * loggers per request and pino serializes a child's bindings when it is made, which cost about a
 * tenth of the daemon's CPU under webhook load, although a delivered webhook's line is at debug and
 * usually dropped. Same message, level and fields as every other route's request line; the line of
 * a delivery that was answered 2xx costs nothing unless debug is on.
 */
export const webhookRequestLog =
  (redactor: RequestLineRedactor, logger: () => Logger) =>
  (req: IncomingMessage, res: ServerResponse, next: NextFunction): void => {
    const startedAt = Date.now();
    const done = (): void => {
      res.off('finish', done);
      res.off('close', done);
      const error = res.writableFinished ? undefined : new Error('request aborted');
      const level = requestLevel(res, error);
      const log = logger();
      if (!log.isLevelEnabled(level)) {
        return;
      }
      const fields = { req, res, responseTime: Date.now() - startedAt, ...(error ? { err: error } : {}) };
      log[level](fields, requestLine(redactor, req, res));
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
