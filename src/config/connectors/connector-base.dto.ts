import { CONNECTOR_TYPES, type ConnectorType, type Schedule } from '@app/core/config.types';
import {
  IsBool,
  IsHttpUrl,
  IsIntBetween,
  IsOneOf,
  IsPositiveNumberUpTo,
  IsSlug,
  TrimTrailingSlash,
} from '@app/config/decorators/config-rules.decorators';
import { Nested } from '@app/config/decorators/nested.decorator';
import { ParsedWith } from '@app/config/decorators/parsed-with.decorator';
import { WebhookConfigDto } from '@app/config/dto/webhook-config.dto';
import { parseSchedule } from '@app/config/parsers/schedule.parser';

/** Settings every connector takes; each platform's DTO adds its own `auth` and `options`. */
export abstract class ConnectorBaseDto {
  /** Unique slug; used in URLs (`/webhooks/:id`), logs and `directory.source`. */
  @IsSlug()
  id!: string;

  /** Which platform: livehelperchat, chatwoot, smsbat-chathub or tencent-chat. */
  @IsOneOf(CONNECTOR_TYPES)
  type!: ConnectorType;

  /** A disabled connector is validated but neither reconciled nor accepts webhooks. */
  @IsBool()
  enabled = true;

  /** Base URL of the platform's API (a trailing slash is ignored). */
  @TrimTrailingSlash()
  @IsHttpUrl()
  baseUrl!: string;

  /** Timeout of one HTTP request to the platform, in milliseconds. */
  @IsIntBetween(100, 120_000)
  timeoutMs = 10_000;

  /** How often to reconcile: a duration (`30s`, `5m`, `1h`; at least 5s) or a cron expression. */
  @ParsedWith(parseSchedule)
  schedule: Schedule = { kind: 'interval', ms: 300_000, text: '5m' };

  /** Requests per second to this platform; the default depends on the type. */
  @IsPositiveNumberUpTo(1000)
  rateLimit!: number;

  /** Lets this connector's runs deactivate or delete past `directory.deletionThreshold`. */
  @IsBool()
  allowDeletes = false;

  /** How the platform's webhooks are authenticated. */
  @Nested(() => WebhookConfigDto)
  webhook = new WebhookConfigDto();
}
