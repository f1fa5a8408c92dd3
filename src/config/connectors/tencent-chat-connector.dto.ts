import type { TencentChatConnectorConfig } from '@app/core/config.types';
import { ConnectorBaseDto } from '@app/config/connectors/connector-base.dto';
import { TencentChatAuthDto } from '@app/config/connectors/tencent-chat.auth.dto';
import { TencentChatOptionsDto } from '@app/config/connectors/tencent-chat.options.dto';
import { Nested } from '@app/config/decorators/nested.decorator';

export class TencentChatConnectorDto extends ConnectorBaseDto implements TencentChatConnectorConfig {
  declare type: 'tencent-chat';
  override rateLimit = 100;

  @Nested(() => TencentChatAuthDto)
  auth = new TencentChatAuthDto();

  @Nested(() => TencentChatOptionsDto)
  options = new TencentChatOptionsDto();
}
