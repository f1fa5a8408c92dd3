import type { Retention, RetentionConfig } from '@app/core/config.types';
import { ParsedWith } from '@app/config/decorators/parsed-with.decorator';
import { DEFAULT_RETENTION, parseRetention } from '@app/config/parsers/retention.parser';

export class RetentionConfigDto implements RetentionConfig {
  /** Runs and their changes older than this are pruned: a duration such as `30d`, `12h` or `90m` (1h–3650d). */
  @ParsedWith(parseRetention)
  runs: Retention = DEFAULT_RETENTION;

  /** Inbox events in a final state (`done`, `dead`) received longer ago than this are pruned. */
  @ParsedWith(parseRetention)
  events: Retention = DEFAULT_RETENTION;
}
