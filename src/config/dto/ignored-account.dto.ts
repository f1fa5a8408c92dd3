import type { IgnoredAccount } from '@app/core/config.types';
import { BlankAsUnset, IsSlug, IsText, Optional } from '@app/config/decorators/config-rules.decorators';

/** A remote account chat-bridge never reports as unmanaged nor touches (checked: username or email). */
export class IgnoredAccountDto implements IgnoredAccount {
  /** Id of the connector the account lives on. */
  @IsSlug()
  connector!: string;

  /** The account's login on platforms that have one (LiveHelperChat username). */
  @BlankAsUnset()
  @Optional()
  @IsText()
  username?: string;

  /** The account's e-mail, compared ignoring case. */
  @BlankAsUnset()
  @Optional()
  @IsText()
  email?: string;
}
