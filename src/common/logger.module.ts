import type { DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { pathOnly, requestLevel, requestLine } from '@app/common/request-line';

import type { TextRedactor } from '@app/platforms/http/platform-call.types';


// Nest's own start-up chatter (a line per module and route): useful when debugging, noise otherwise.
const BOOTSTRAP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);
const INFO = 30;

const isBootstrapNoise = (args: unknown[]): boolean => {
  const [first] = args;
  const context =
    typeof first === 'object' && first !== null ? (first as { context?: unknown }).context : undefined;
  return typeof context === 'string' && BOOTSTRAP_CONTEXTS.has(context);
};

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
  const fd = options.destination === 'stderr' ? 2 : 1;
  const pretty = process.env.LOG_FORMAT === 'pretty';
  return LoggerModule.forRoot({
    // Webhook deliveries get their line from webhookRequestLog, which makes no child loggers.
    exclude: [{ method: RequestMethod.POST, path: 'webhooks/*path' }],
    pinoHttp: {
      level: process.env.LOG_LEVEL ?? 'info',
      transport: pretty
        ? {
            target: 'pino-pretty',
            options: {
              destination: fd,
              colorize: (fd === 2 ? process.stderr : process.stdout).isTTY === true,
              singleLine: true,
              ignore: 'pid,hostname,req,res,responseTime',
            },
          }
        : undefined,
      stream: pretty ? undefined : fd === 2 ? process.stderr : process.stdout,
      formatters: { level: (label: string) => ({ level: label }) },
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
        logMethod(args, method, level) {
          if (level === INFO && isBootstrapNoise(args)) {
            this.debug(...args);
            return;
          }
          const redacted = args.map((arg: unknown) => (typeof arg === 'string' ? redactor.redact(arg) : arg));
          method.apply(this, redacted as Parameters<typeof method>);
        },
      },
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
