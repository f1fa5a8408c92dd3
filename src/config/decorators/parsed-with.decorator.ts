import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import type { ParseResult } from '@app/config/parsers/parse-result';

// Left in place of a value that did not parse, so validation can report why (without the value).
class Unparsable {
  constructor(readonly message: string) {}
}

/**
 * Parses the raw YAML value into its typed form while the DTO is built (`5m` → an interval), so a
 * valid DTO already satisfies the typed config interface; a value that does not parse is reported
 * by validation with the parser's message.
 */
export const ParsedWith = <T>(parse: (raw: unknown) => ParseResult<T>): PropertyDecorator =>
  applyDecorators(
    Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
      const result = parse(obj[key]);
      return result.ok ? result.value : new Unparsable(result.message);
    }),
    ValidateBy({
      name: 'parsed',
      validator: {
        validate: (value: unknown) => !(value instanceof Unparsable),
        defaultMessage: (args) => (args?.value instanceof Unparsable ? args.value.message : 'is invalid'),
      },
    }),
  );
