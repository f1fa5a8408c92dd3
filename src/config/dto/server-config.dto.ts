import type { ServerConfig } from '@app/core/config.types';
import { BlankAsUnset, IsIntBetween, IsText, Optional } from '@app/config/decorators/config-rules.decorators';
import { ParsedWith } from '@app/config/decorators/parsed-with.decorator';
import { Secret } from '@app/config/decorators/secret.decorator';
import { DEFAULT_BODY_LIMIT, parseByteSize } from '@app/config/parsers/byte-size.parser';

export class ServerConfigDto implements ServerConfig {
  /** TCP port of the HTTP server (webhooks, health, metrics, admin API); `PORT` overrides it; 0 picks a free one. */
  @IsIntBetween(0, 65535)
  port = 3000;

  /** Bearer token for /api/*; without one the admin API answers 403. */
  @Secret()
  @BlankAsUnset()
  @Optional()
  @IsText()
  adminToken?: string;

  /** Largest accepted request body: a number of bytes or a size such as `512kb` or `1mb`. */
  @ParsedWith(parseByteSize)
  bodyLimit = DEFAULT_BODY_LIMIT;

  /** On SIGTERM/SIGINT, in-flight runs may finish within this many milliseconds; what is still running is then recorded `interrupted`. */
  @IsIntBetween(0, 600_000)
  shutdownGraceMs = 25_000;
}
