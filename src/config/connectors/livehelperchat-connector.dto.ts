import type { LiveHelperChatConnectorConfig } from '@app/core/config.types';
import { ConnectorBaseDto } from '@app/config/connectors/connector-base.dto';
import { LivehelperchatAuthDto } from '@app/config/connectors/livehelperchat.auth.dto';
import { LivehelperchatOptionsDto } from '@app/config/connectors/livehelperchat.options.dto';
import { Nested } from '@app/config/decorators/nested.decorator';

export class LivehelperchatConnectorDto extends ConnectorBaseDto implements LiveHelperChatConnectorConfig {
  declare type: 'livehelperchat';
  override rateLimit = 5;

  @Nested(() => LivehelperchatAuthDto)
  auth = new LivehelperchatAuthDto();

  @Nested(() => LivehelperchatOptionsDto)
  options = new LivehelperchatOptionsDto();
}
