import type { ChatHubConnectorConfig } from '@app/core/config.types';
import { ConnectorBaseDto } from '@app/config/connectors/connector-base.dto';
import { SmsbatChathubAuthDto } from '@app/config/connectors/smsbat-chathub.auth.dto';
import { SmsbatChathubOptionsDto } from '@app/config/connectors/smsbat-chathub.options.dto';
import { Nested } from '@app/config/decorators/nested.decorator';

export class SmsbatChathubConnectorDto extends ConnectorBaseDto implements ChatHubConnectorConfig {
  declare type: 'smsbat-chathub';
  override rateLimit = 5;

  @Nested(() => SmsbatChathubAuthDto)
  auth = new SmsbatChathubAuthDto();

  @Nested(() => SmsbatChathubOptionsDto)
  options = new SmsbatChathubOptionsDto();
}
