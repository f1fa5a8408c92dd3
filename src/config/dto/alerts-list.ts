import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { ValidateNested } from 'class-validator';

import { ALERT_SINK_TYPES, type AlertSinkConfig, type AlertSinkType } from '@app/core/config.types';
import { IsList } from '@app/config/decorators/config-rules.decorators';
import { registerNested } from '@app/config/decorators/nested.decorator';
import {
  EmailAlertSinkDto,
  SlackAlertSinkDto,
  UnknownAlertSinkDto,
  WebhookAlertSinkDto,
} from '@app/config/dto/alerts-sinks.dto';

/** The one place a sink `type` picks its DTO. Exhaustive over ALERT_SINK_TYPES. */
export const ALERT_SINK_DTOS = {
  webhook: WebhookAlertSinkDto,
  slack: SlackAlertSinkDto,
  email: EmailAlertSinkDto,
} as const satisfies { [T in AlertSinkType]: new () => Extract<AlertSinkConfig, { type: T }> };

export type AlertSinkDto = InstanceType<(typeof ALERT_SINK_DTOS)[AlertSinkType]>;

const isSinkType = (value: unknown): value is AlertSinkType =>
  (ALERT_SINK_TYPES as readonly unknown[]).includes(value);

const toAlertSinkDto = (raw: unknown): unknown => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return raw; // left for validation to report
  }
  const type = (raw as { type?: unknown }).type;
  const dto: new () => object = isSinkType(type) ? ALERT_SINK_DTOS[type] : UnknownAlertSinkDto;
  return plainToInstance(dto, raw);
};

/** The `alerts` list: each entry is validated by the DTO its `type` selects. */
export const AlertSinkList = (): PropertyDecorator =>
  applyDecorators(
    IsList(),
    Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
      const raw = obj[key];
      return Array.isArray(raw) ? raw.map(toAlertSinkDto) : raw;
    }),
    ValidateNested({ each: true, message: 'must be a mapping of keys to values' }),
    (target: object, key: string | symbol) =>
      registerNested(target, String(key), { list: true, types: () => Object.values(ALERT_SINK_DTOS) }),
  );
