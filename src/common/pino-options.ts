import type { IncomingMessage } from 'node:http';
import type { LoggerOptions, TransportSingleOptions } from 'pino';

import { pathOnly } from '@app/common/request-line';
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

export type LogDestination = 'stdout' | 'stderr';

/**
 * One log format for the daemon and the CLI: JSON with string levels, or `LOG_FORMAT=pretty` for
 * humans, coloured only on a terminal. Every string goes through the secret redactor; request
 * lines carry neither headers nor query strings.
 */
export const pinoOptions = (
  redactor: TextRedactor,
  { destination, level }: { destination: LogDestination; level: string },
): LoggerOptions => ({
  level: process.env.LOG_LEVEL ?? level,
  transport: process.env.LOG_FORMAT === 'pretty' ? prettyTransport(destination) : undefined,
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
});

const prettyTransport = (destination: LogDestination): TransportSingleOptions => ({
  target: 'pino-pretty',
  options: {
    destination: destination === 'stderr' ? 2 : 1,
    colorize: (destination === 'stderr' ? process.stderr : process.stdout).isTTY === true,
    singleLine: true,
    ignore: 'pid,hostname,req,res,responseTime',
  },
});

/** Where pino writes when no transport does (JSON). */
export const pinoStream = (destination: LogDestination): NodeJS.WritableStream | undefined =>
  process.env.LOG_FORMAT === 'pretty'
    ? undefined
    : destination === 'stderr'
      ? process.stderr
      : process.stdout;
