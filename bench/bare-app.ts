import 'reflect-metadata';

import { Controller, HttpCode, Module, Post, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { raw, type Request } from 'express';

import { DEFAULT_BODY_LIMIT } from '@app/config/parsers/byte-size.parser';

/**
 * The baseline of the ingestion rows: a minimal NestJS app in a process of its own, with the
 * daemon's webhook body parser (raw bytes up to the default body limit) and the route path of a
 * webhook, which verifies nothing and stores nothing. The load generator sends it exactly what it
 * sends the daemon.
 *
 *   node dist/bench/bare-app.js    prints {"url": "http://127.0.0.1:…"} once listening
 */
@Controller('webhooks')
class BareWebhookController {
  @Post(':connectorId')
  @HttpCode(200)
  receive(@Req() req: Request): { ActionStatus: 'OK'; ErrorInfo: ''; ErrorCode: 0; bytes: number } {
    // The same answer Tencent's callbacks get; the length proves the body was read.
    return { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0, bytes: (req.body as Buffer).length };
  }
}

@Module({ controllers: [BareWebhookController] })
class BareModule {}

const main = async (): Promise<void> => {
  const app = await NestFactory.create<NestExpressApplication>(BareModule, {
    bodyParser: false,
    logger: ['error'],
  });
  app.disable('x-powered-by');
  app.use('/webhooks', raw({ limit: DEFAULT_BODY_LIMIT, type: () => true }));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  process.once('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`bare app failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
