import type { DatabaseConfig } from '@app/core/config.types';
import { IsDatabaseUrl } from '@app/config/decorators/config-rules.decorators';
import { Secret } from '@app/config/decorators/secret.decorator';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/bridge.sqlite';

export class DatabaseConfigDto implements DatabaseConfig {
  /** `sqlite:<file>` (embedded, one instance) or `postgres://user:pass@host:5432/db`; `DATABASE_URL` overrides it. */
  @Secret('url-password')
  @IsDatabaseUrl()
  url = DEFAULT_DATABASE_URL;
}
