import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { CONNECTOR_TYPES, type ConnectorConfig, type ConnectorType } from '@app/core/config.types';
import { ChatwootConnectorDto } from '@app/config/connectors/chatwoot-connector.dto';
import { LivehelperchatConnectorDto } from '@app/config/connectors/livehelperchat-connector.dto';
import { SmsbatChathubConnectorDto } from '@app/config/connectors/smsbat-chathub-connector.dto';
import { TencentChatConnectorDto } from '@app/config/connectors/tencent-chat-connector.dto';
import { UnknownConnectorDto } from '@app/config/connectors/unknown-connector.dto';
import { IsList } from '@app/config/decorators/config-rules.decorators';
import { registerNested } from '@app/config/decorators/nested.decorator';

/**
 * The one place a connector `type` picks its DTO, and with it the `auth` and `options` shapes and
 * the default rate limit. Exhaustive: adding a type to CONNECTOR_TYPES fails to compile until it
 * has an entry here.
 */
export const CONNECTOR_DTOS = {
  livehelperchat: LivehelperchatConnectorDto,
  chatwoot: ChatwootConnectorDto,
  'smsbat-chathub': SmsbatChathubConnectorDto,
  'tencent-chat': TencentChatConnectorDto,
} as const satisfies { [T in ConnectorType]: new () => Extract<ConnectorConfig, { type: T }> };

export type ConnectorDto = InstanceType<(typeof CONNECTOR_DTOS)[ConnectorType]>;

const isConnectorType = (value: unknown): value is ConnectorType =>
  (CONNECTOR_TYPES as readonly unknown[]).includes(value);

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Builds the connector's DTO from its raw mapping; anything else is left for validation to report. */
export const toConnectorDto = (raw: unknown): unknown => {
  if (!isMapping(raw)) {
    return raw;
  }
  const dto = isConnectorType(raw.type) ? CONNECTOR_DTOS[raw.type] : UnknownConnectorDto;
  return plainToInstance(dto, raw);
};

/** The `connectors` list: each entry is validated by the DTO its `type` selects. */
export const ConnectorList = (): PropertyDecorator =>
  applyDecorators(
    IsList(),
    Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
      const raw = obj[key];
      return Array.isArray(raw) ? raw.map(toConnectorDto) : raw;
    }),
    ValidateNested({ each: true, message: 'must be a mapping of keys to values' }),
    (target: object, key: string | symbol) =>
      registerNested(target, String(key), { list: true, types: () => Object.values(CONNECTOR_DTOS) }),
  );
