import type { WebhookConfig } from '@app/core/config.types';
import { BlankAsUnset, IsBool, IsText, Optional } from '@app/config/decorators/config-rules.decorators';
import { Secret } from '@app/config/decorators/secret.decorator';

export class WebhookConfigDto implements WebhookConfig {
  /** Shared secret (LHC, Evolution: `X-Bridge-Secret`) or HMAC key (Chatwoot). */
  @Secret()
  @BlankAsUnset()
  @Optional()
  @IsText()
  secret?: string;

  /** Tencent callback token (signs `Sign`). */
  @Secret()
  @BlankAsUnset()
  @Optional()
  @IsText()
  token?: string;

  /** Accept webhooks although no secret/token is set (warned at start). */
  @IsBool()
  insecure = false;
}
