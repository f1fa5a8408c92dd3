import type { DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';

import type { TextRedactor } from '@app/platforms/http/platform-call.types';

/** Request paths only: query strings can carry a webhook `?secret=`. */
const pathOnly = (url: string | undefined): string => (url ?? '').split('?')[0];

/**
 * Structured logs (pino). Every string that reaches the logger goes through the secret redactor,
 * and request logs carry neither headers nor query strings. `LOG_FORMAT=pretty` for humans.
 */
export const createLoggerModule = (redactor: TextRedactor): DynamicModule =>
  LoggerModule.forRoot({
    pinoHttp: {
      level: process.env.LOG_LEVEL ?? 'info',
      transport:
        process.env.LOG_FORMAT === 'pretty'
          ? {
              target: 'pino-pretty',
              options: { singleLine: true, ignore: 'pid,hostname,req,res,responseTime' },
            }
          : undefined,
      serializers: {
        req: (req: IncomingMessage & { id?: unknown }) => ({
          id: req.id,
          method: req.method,
          // A path is the client's text: a secret posted as `/webhooks/<secret>` is cut out too.
          url: redactor.redact(pathOnly(req.url)),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: {
        paths: ['req.headers', 'res.headers', '*.password', '*.token', '*.apiKey', '*.secret'],
        censor: '[REDACTED]',
      },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((arg: unknown) => (typeof arg === 'string' ? redactor.redact(arg) : arg));
          method.apply(this, redacted as Parameters<typeof method>);
        },
      },
      autoLogging: {
        ignore: (req) => ['/metrics', '/health/live', '/health/ready'].includes(pathOnly(req.url)),
      },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug',
    },
  });
