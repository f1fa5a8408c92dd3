import { IsPositiveInt, IsText } from '@app/config/decorators/config-rules.decorators';
import { Secret } from '@app/config/decorators/secret.decorator';

export class TencentChatAuthDto {
  /** SDKAppID of the Tencent Cloud Chat application. */
  @IsPositiveInt()
  sdkAppId!: number;

  /** App administrator account used to sign REST calls (usually `administrator`). */
  @IsText()
  identifier!: string;

  /** Application secret key; UserSigs are derived from it. */
  @Secret()
  @IsText()
  secretKey!: string;
}
