import { ValidateIf } from 'class-validator';
import { BlankAsUnset, IsText, rule } from '@app/config/decorators/config-rules.decorators';
import { Secret } from '@app/config/decorators/secret.decorator';

interface ChatHubCredentials {
  companyToken?: string;
  login?: string;
  password?: string;
}

const hasLogin = (auth: ChatHubCredentials): boolean =>
  auth.login !== undefined || auth.password !== undefined;
const isText = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

// The company token is valid only alone: with login/password too, which one wins would be a guess.
const IsSoleCompanyToken = (): PropertyDecorator =>
  rule(
    'isSoleCompanyToken',
    (value, auth) => isText(value) && !hasLogin(auth),
    (value) =>
      isText(value)
        ? 'cannot be combined with login and password: use one of the two forms'
        : 'must be a non-empty string',
    'is required (or set login and password instead)',
  );

/** ChatHub accepts one of two credential forms: a company token, or an administrator's login and password. */
export class SmsbatChathubAuthDto implements ChatHubCredentials {
  /** Company token from ChatHub; the alternative to `login` + `password`. */
  @Secret()
  @BlankAsUnset()
  @ValidateIf((auth: ChatHubCredentials) => auth.companyToken !== undefined || !hasLogin(auth))
  @IsSoleCompanyToken()
  companyToken?: string;

  /** Login of a ChatHub administrator; needs `password`. */
  @BlankAsUnset()
  @ValidateIf((auth: ChatHubCredentials) => auth.companyToken === undefined && hasLogin(auth))
  @IsText('is required with password (or set companyToken instead)')
  login?: string;

  /** Password for `login`. */
  @Secret()
  @BlankAsUnset()
  @ValidateIf((auth: ChatHubCredentials) => auth.companyToken === undefined && hasLogin(auth))
  @IsText('is required with login (or set companyToken instead)')
  password?: string;
}
