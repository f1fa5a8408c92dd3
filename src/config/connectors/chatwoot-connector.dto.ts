import type { ChatwootConnectorConfig } from '@app/core/config.types';
import { ChatwootAuthDto } from '@app/config/connectors/chatwoot.auth.dto';
import { ChatwootOptionsDto } from '@app/config/connectors/chatwoot.options.dto';
import { ConnectorBaseDto } from '@app/config/connectors/connector-base.dto';
import { Nested } from '@app/config/decorators/nested.decorator';

export class ChatwootConnectorDto extends ConnectorBaseDto implements ChatwootConnectorConfig {
  declare type: 'chatwoot';
  override rateLimit = 25;

  @Nested(() => ChatwootAuthDto)
  auth = new ChatwootAuthDto();

  @Nested(() => ChatwootOptionsDto)
  options = new ChatwootOptionsDto();
}
