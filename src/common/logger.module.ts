import type { DynamicModule } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { pathOnly, requestLevel, requestLine } from '@app/common/request-line';
import { pinoOptions, pinoStream } from '@app/common/pino-options';
import type { TextRedactor } from '@app/platforms/http/platform-call.types';

export interface LoggerOptions {
  /** `stderr` for one-shot CLI commands, whose stdout is their report (or their `--json`). */
  destination?: 'stdout' | 'stderr';
}

/**
 * Structured logs (pino) with string levels. Every string that reaches the logger goes through the
 * secret redactor, and request logs carry neither headers nor query strings. `LOG_FORMAT=pretty`
 * for humans (colours only on a terminal).
 */
export const createLoggerModule = (redactor: TextRedactor, options: LoggerOptions = {}): DynamicModule => {
  const destination = options.destination ?? 'stdout';
  return LoggerModule.forRoot({
    // Webhook deliveries get their line from webhookRequestLog, which makes no child loggers.
    exclude: [{ method: RequestMethod.POST, path: 'webhooks/*path' }],
    pinoHttp: {
      // One-shot commands log warnings and errors only unless LOG_LEVEL says otherwise.
      ...pinoOptions(redactor, { destination, level: destination === 'stderr' ? 'warn' : 'info' }),
      stream: pinoStream(destination),
      // Method, path and status in the message itself, so the pretty line says what happened.
      customSuccessMessage: (req, res) => requestLine(redactor, req, res),
      customErrorMessage: (req, res) => requestLine(redactor, req, res),
      autoLogging: {
        ignore: (req) => ['/metrics', '/health/live', '/health/ready'].includes(pathOnly(req.url)),
      },
      customLogLevel: (_req, res, error) => requestLevel(res, error),
    },
  });
};
