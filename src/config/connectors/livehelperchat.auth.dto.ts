import { IsText } from '@app/config/decorators/config-rules.decorators';
import { Secret } from '@app/config/decorators/secret.decorator';

export class LivehelperchatAuthDto {
  /** LHC user the REST API key belongs to. */
  @IsText()
  username!: string;

  /** REST API key of that user (LHC: Settings → Rest API). */
  @Secret()
  @IsText()
  apiKey!: string;
}
