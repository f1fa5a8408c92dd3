import { IsText } from '@app/config/decorators/config-rules.decorators';
import { Secret } from '@app/config/decorators/secret.decorator';

export class ChatwootAuthDto {
  /** Access token of a Chatwoot administrator (Profile settings → Access token). */
  @Secret()
  @IsText()
  apiAccessToken!: string;
}
