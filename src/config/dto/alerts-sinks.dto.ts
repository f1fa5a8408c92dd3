import { Type } from 'class-transformer';
import { Allow, isEmail } from 'class-validator';

import {
  ALERT_EVENTS,
  ALERT_SINK_TYPES,
  type AlertEvent,
  type AlertSinkType,
  type EmailAlertSinkConfig,
  type SlackAlertSinkConfig,
  type SmtpConfig,
  type WebhookAlertSinkConfig,
} from '@app/core/config.types';
import {
  BlankAsUnset,
  IsBool,
  IsEmailAddress,
  IsHttpUrl,
  IsIntBetween,
  IsOneOf,
  IsText,
  Optional,
  rule,
} from '@app/config/decorators/config-rules.decorators';
import { Nested } from '@app/config/decorators/nested.decorator';
import { ParsedWith } from '@app/config/decorators/parsed-with.decorator';
import { Secret } from '@app/config/decorators/secret.decorator';
import { parsed, rejected, type ParseResult } from '@app/config/parsers/parse-result';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+)(m|h|d)$/;
const REPEAT_AFTER_INVALID = 'must be a duration such as 30m, 1h or 1d, from 1m to 7d';

/** `30m`, `1h`, `1d` → how long an unchanged condition stays quiet after it was sent (1 minute to 7 days). */
export const parseRepeatAfter = (raw: unknown): ParseResult<{ ms: number; text: string }> => {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const duration = DURATION.exec(text);
  if (!duration) {
    return rejected(REPEAT_AFTER_INVALID);
  }
  const ms = Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS];
  return ms >= UNIT_MS.m && ms <= 7 * UNIT_MS.d ? parsed({ ms, text }) : rejected(REPEAT_AFTER_INVALID);
};

const IsAlertEventList = (): PropertyDecorator =>
  rule(
    'isAlertEventList',
    (value) =>
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((event) => (ALERT_EVENTS as readonly unknown[]).includes(event)),
    `must be a non-empty list of: ${ALERT_EVENTS.join(', ')}`,
  );

const IsEmailList = (): PropertyDecorator =>
  rule(
    'isEmailList',
    (value) =>
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((address) => typeof address === 'string' && isEmail(address)),
    'must be a non-empty list of e-mail addresses',
  );

/** Keys every sink takes: which events it wants, and how often it may be told. */
export abstract class AlertSinkBaseDto {
  /** webhook, slack or email. */
  @IsOneOf(ALERT_SINK_TYPES)
  type!: AlertSinkType;

  /** The events this sink is told about (default: all of them). */
  @IsAlertEventList()
  events: AlertEvent[] = [...ALERT_EVENTS];

  /** The same event about the same connector is not sent again within this window, unless the condition changed in between. */
  @ParsedWith(parseRepeatAfter)
  repeatAfter = { ms: UNIT_MS.h, text: '1h' };

  /** At most this many alerts are raised for this sink in any hour; more are dropped (logged and counted). */
  @IsIntBetween(1, 10_000)
  maxPerHour = 30;

  /** `changes.failed` is raised when one run has at least this many failed or rejected changes. */
  @IsIntBetween(1, 100_000)
  failedChangesThreshold = 5;
}

export class WebhookAlertSinkDto extends AlertSinkBaseDto implements WebhookAlertSinkConfig {
  declare type: 'webhook';

  /** Where the JSON alert is POSTed. */
  @IsHttpUrl()
  url!: string;

  /** HMAC-SHA256 key: `X-Bridge-Signature: sha256=<hex HMAC of the raw body>`. */
  @Secret()
  @BlankAsUnset()
  @IsText()
  secret!: string;
}

export class SlackAlertSinkDto extends AlertSinkBaseDto implements SlackAlertSinkConfig {
  declare type: 'slack';

  /** The incoming-webhook URL (Slack or compatible: Mattermost, Rocket.Chat); it is the credential. */
  @Secret()
  @BlankAsUnset()
  @IsHttpUrl()
  url!: string;
}

export class SmtpConfigDto implements SmtpConfig {
  /** The SMTP server's host name. */
  @IsText()
  host!: string;

  /** 587 (submission, STARTTLS) by default; 465 with `secure: true`; 25 for a local relay. */
  @IsIntBetween(1, 65535)
  port = 587;

  /** TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it. */
  @IsBool()
  secure = false;

  /** Login for SMTP AUTH; without it no authentication is attempted. */
  @BlankAsUnset()
  @Optional()
  @IsText()
  username?: string;

  @Secret()
  @BlankAsUnset()
  @Optional()
  @IsText()
  password?: string;
}

export class EmailAlertSinkDto extends AlertSinkBaseDto implements EmailAlertSinkConfig {
  declare type: 'email';

  /** The SMTP server the e-mails are sent through. */
  @Nested(() => SmtpConfigDto)
  smtp!: SmtpConfigDto;

  /** The sender address. */
  @IsEmailAddress()
  from!: string;

  /** The recipients. */
  @IsEmailList()
  to!: string[];
}

/**
 * Stands in for a sink whose `type` is missing or unknown: the type error (listing the allowed
 * types) is reported, the common keys are checked, the per-type keys are not.
 */
export class UnknownAlertSinkDto extends AlertSinkBaseDto {
  @Allow()
  url?: unknown;

  @Allow()
  secret?: unknown;

  @Allow()
  @Type(() => Object)
  smtp?: unknown;

  @Allow()
  from?: unknown;

  @Allow()
  to?: unknown;
}
