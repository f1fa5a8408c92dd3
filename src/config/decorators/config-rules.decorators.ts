import { Transform } from 'class-transformer';
import { isEmail, ValidateBy, ValidateIf } from 'class-validator';

import { parseDatabaseUrl } from '@app/database/database-url';

type Describe = string | ((value: unknown, object: object) => string);

/**
 * One named check with one plain-English message. Messages describe the expected value and never
 * echo the actual one, because the actual one may be a secret.
 */
export const rule = (
  name: string,
  test: (value: unknown, object: object) => boolean,
  message: Describe,
  requiredMessage = 'is required',
): PropertyDecorator =>
  ValidateBy({
    name,
    validator: {
      validate: (value: unknown, args) => test(value, args?.object ?? {}),
      defaultMessage: (args) => {
        if (args?.value === undefined) {
          return requiredMessage;
        }
        return typeof message === 'string' ? message : message(args.value, args.object);
      },
    },
  });

const SLUG = /^[a-z0-9][a-z0-9._-]*$/;

const isInt = (value: unknown): value is number => Number.isInteger(value);
const isPositiveInt = (value: unknown): boolean => isInt(value) && value > 0;
const isHttpUrl = (value: unknown): boolean => {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    return false;
  }
  return ['http:', 'https:'].includes(new URL(value).protocol);
};

/** Skips the other checks when the key is absent (what IsOptional does, minus its null handling). */
export const Optional = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

// `${VAR:-}` yields '' for an unset optional secret; treat it as "not configured" rather than an error.
export const BlankAsUnset = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));

// `https://host/` and `https://host` must build the same request URLs.
export const TrimTrailingSlash = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.replace(/\/+$/, '') : value,
  );

export const IsSlug = (): PropertyDecorator =>
  rule(
    'isSlug',
    (value) => typeof value === 'string' && SLUG.test(value),
    'must be a slug: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

export const IsText = (requiredMessage?: string): PropertyDecorator =>
  rule(
    'isText',
    (value) => typeof value === 'string' && value.trim() !== '',
    'must be a non-empty string',
    requiredMessage,
  );

export const IsString = (): PropertyDecorator =>
  rule('isString', (value) => typeof value === 'string', 'must be a string');

export const IsBool = (): PropertyDecorator =>
  rule('isBool', (value) => typeof value === 'boolean', 'must be true or false');

export const IsPositiveInt = (): PropertyDecorator =>
  rule('isPositiveInt', isPositiveInt, 'must be a positive integer');

export const IsIntBetween = (min: number, max: number): PropertyDecorator =>
  rule(
    'isIntBetween',
    (value) => isInt(value) && value >= min && value <= max,
    `must be an integer between ${min} and ${max}`,
  );

export const IsPositiveNumberUpTo = (max: number): PropertyDecorator =>
  rule(
    'isPositiveNumberUpTo',
    (value) => typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max,
    `must be a positive number no greater than ${max}`,
  );

/** A list of platform ids (departments, groups, inboxes). */
export const IsIdList = (): PropertyDecorator =>
  rule(
    'isIdList',
    (value) => Array.isArray(value) && value.every(isPositiveInt),
    'must be a list of positive integers',
  );

export const IsOneOf = (values: readonly string[]): PropertyDecorator =>
  rule(
    'isOneOf',
    (value) => typeof value === 'string' && values.includes(value),
    `must be one of ${values.join(', ')}`,
    `is required; must be one of ${values.join(', ')}`,
  );

export const IsHttpUrl = (): PropertyDecorator =>
  rule('isHttpUrl', isHttpUrl, 'must be an http:// or https:// URL');

export const IsEmailAddress = (): PropertyDecorator =>
  rule(
    'isEmailAddress',
    (value) => typeof value === 'string' && isEmail(value),
    'must be a valid e-mail address',
  );

// The parser `start` connects with: whatever it would refuse (a bogus sslmode, no database name)
// is refused by `validate` too. Its messages never repeat the URL, which may hold a password.
const DATABASE_URL_EXPECTED = 'must be sqlite:<file> or a postgres:// or postgresql:// URL';

const databaseUrlProblem = (value: unknown): string | undefined => {
  if (typeof value !== 'string') {
    return DATABASE_URL_EXPECTED;
  }
  if (!/^(sqlite:|postgres(ql)?:\/\/)/i.test(value.trim())) {
    return DATABASE_URL_EXPECTED;
  }
  try {
    parseDatabaseUrl(value);
    return undefined;
  } catch (error) {
    return `${DATABASE_URL_EXPECTED}: ${(error as Error).message.replace(/^Invalid database URL: /, '')}`;
  }
};

export const IsDatabaseUrl = (): PropertyDecorator =>
  rule(
    'isDatabaseUrl',
    (value) => databaseUrlProblem(value) === undefined,
    (value) => databaseUrlProblem(value) ?? DATABASE_URL_EXPECTED,
  );

export const IsMapping = (): PropertyDecorator =>
  rule(
    'isMapping',
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'must be a mapping of keys to values',
  );

export const IsList = (): PropertyDecorator =>
  rule('isList', (value) => Array.isArray(value), 'must be a list');
