import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

import { AppModule } from '@app/app.module';
import type { LoadedConfig } from '@app/config/load-config';

/** The baseline: a NestJS route on the same server that stores nothing and verifies nothing. */
@Controller('bench')
class BareController {
  @Post('bare')
  @HttpCode(200)
  bare(): { ok: true } {
    return { ok: true };
  }
}

/** The daemon as `chat-bridge start` builds it, plus the bare route, in this process. */
export const startBenchApp = async (loaded: LoadedConfig, port: number): Promise<NestExpressApplication> => {
  @Module({ imports: [AppModule.forRoot({ loaded, mode: 'daemon' })], controllers: [BareController] })
  class BenchModule {}
  const app = await NestFactory.create<NestExpressApplication>(BenchModule, {
    rawBody: true,
    bodyParser: false,
    logger: ['error'],
  });
  app.useBodyParser('json', { limit: loaded.config.server.bodyLimit });
  await app.listen(port, '127.0.0.1');
  return app;
};
