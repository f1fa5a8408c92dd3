import type { Server } from 'node:http';

import { NestFactory } from '@nestjs/core';
import { raw } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger, PinoLogger } from 'nestjs-pino';

import { serveConsole } from '@app/admin/console-assets';
import { serveOpenApi } from '@app/admin/openapi';
import { AppModule } from '@app/app.module';
import { shutDownGracefully } from '@app/cli/graceful-shutdown';
import { packageVersion } from '@app/core/package-version';
import { bodyParserErrors } from '@app/common/body-parser-errors';
import { rejectDeepJson } from '@app/common/json-depth-limit';
import { webhookRequestLog } from '@app/common/webhook-request-log';
import { formatConfigIssue } from '@app/config/config.error';
import type { LoadedConfig } from '@app/config/load-config';

// Past the grace, close() itself gets this long before the process exits anyway.
const CLOSE_TIMEOUT_MS = 10_000;

/** SIGTERM/SIGINT: stop taking work, let in-flight runs finish within the grace, exit 0. */
const stopOnSignals = (app: NestExpressApplication, logger: Logger, graceMs: number): void => {
  const stop = (signal: NodeJS.Signals) => {
    logger.log(
      `${signal} received: finishing in-flight runs (up to ${graceMs} ms), then stopping`,
      'Bootstrap',
    );
    const force = setTimeout(() => process.exit(1), graceMs + CLOSE_TIMEOUT_MS);
    force.unref();
    shutDownGracefully(app, graceMs).then(
      ({ interrupted, durationMs }) => {
        logger.log(`stopped in ${durationMs} ms; ${interrupted} run(s) recorded interrupted`, 'Bootstrap');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`, 'Bootstrap');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

// A client that sends its headers or body slowly holds a connection at most this long (Node's
// defaults are 60 s for headers and 300 s for the whole request).
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

const hardenHttpServer = (app: NestExpressApplication): void => {
  app.disable('x-powered-by');
  const server: Server = app.getHttpServer();
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
};

/** The daemon: HTTP API, webhooks, scheduler. Resolves once listening; stops on SIGTERM/SIGINT. */
export interface StartDaemonOptions {
  /** Stop and exit on SIGTERM/SIGINT (default). The demo owns its signals and closes the app itself. */
  handleSignals?: boolean;
  /** The address to listen on when `HOST` is unset (the daemon: every interface; the demo: loopback). */
  defaultHost?: string;
}

export const startDaemon = async (
  loaded: LoadedConfig,
  options: StartDaemonOptions = {},
): Promise<NestExpressApplication> => {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ loaded, mode: 'daemon' }),
    {
      bufferLogs: true,
      rawBody: true,
      bodyParser: false,
      // Start-up failures are reported by the CLI with an exit code, not by process.exit inside Nest.
      abortOnError: false,
    },
  );
  const logger = app.get(Logger);
  app.useLogger(logger);
  hardenHttpServer(app);
  const limit = loaded.config.server.bodyLimit;
  // Webhooks are kept as raw bytes: the signature is checked over them before anything parses
  // them (a forged 1 MB JSON body costs a hash, not a parse). The raw parser marks the body read,
  // so the parsers below leave webhook requests alone.
  // The pino instance behind every log line of the app (set up by the logger module).
  const requestLog = webhookRequestLog(loaded.redactor, () => PinoLogger.root);
  app.use('/webhooks', requestLog, raw({ limit, type: () => true }));
  app.useBodyParser('json', { limit });
  app.use('/api', rejectDeepJson);
  app.useBodyParser('urlencoded', { limit, extended: true });
  // Anything else (text/plain webhooks, no content type) is kept as raw bytes for verification.
  app.useBodyParser('raw', {
    limit,
    type: (req) => !/json|urlencoded/i.test(req.headers['content-type'] ?? ''),
  });
  app.use(bodyParserErrors);
  serveOpenApi(app, packageVersion());
  serveConsole(app);
  if (options.handleSignals ?? true) {
    stopOnSignals(app, logger, loaded.config.server.shutdownGraceMs);
  }
  // Once, at start: each names a part of the bridge that will quietly do nothing (or too much).
  for (const warning of loaded.warnings) {
    logger.warn(`${loaded.path}: ${formatConfigIssue(warning)}`, 'Config');
  }
  const port = loaded.config.server.port;
  const host = process.env.HOST ?? options.defaultHost ?? '0.0.0.0';
  await app.listen(port, host);
  logger.log(
    `chat-bridge listening on ${host}:${port} with ${loaded.config.connectors.length} connectors (${loaded.path})`,
    'Bootstrap',
  );
  return app;
};
