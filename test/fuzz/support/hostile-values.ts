import fc from 'fast-check';

import { type RawJson, raw } from './hostile-json';

/**
 * Hostile values shared by every route: numbers JSON can carry but code rarely expects, strings
 * that break columns, encodings and parsers, and values of the wrong JSON type.
 */

/** Timestamps in seconds or milliseconds that overflow Date, go negative, or are not numbers. */
export const hostileTimestamp: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    1e13,
    1e16,
    -1e16,
    -1,
    0,
    1.5,
    8.64e12,
    8.64e12 + 1,
    8.64e15,
    8.64e15 + 1,
    253402300800,
    1e21,
    1e99,
    -1e99,
    Number.MAX_VALUE,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 2,
    2147483648,
    raw('1e400'),
    raw('-1e400'),
    raw('123456789012345678901234567890'),
    raw('1e-400'),
    raw('-0'),
    '1e16',
    'NaN',
    'Infinity',
    '-1',
    '99999999999999999999',
    '2024-13-45T99:99:99Z',
    '+275760-09-13T00:00:00.001Z',
    '',
    ' 1700000000 ',
    '1700000000.5',
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.maxSafeInteger(),
);

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001b[31m\u007f',
  '\r\n\t',
  '\u2028\u2029',
  '\ud800',
  'x\udfffx',
  '\uffff\ufffe',
  '\ufeff',
  '\u202egnp.exe',
  '😀🏳️‍🌈',
  'Ａ１２３',
  '١٢٣',
  '%00',
  '%s%s%n%x',
  "' OR '1'='1' --",
  '"; DROP TABLE inbox_events; --',
  '../../../etc/passwd',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e99',
  '2147483648',
  '0x1F',
  ' 42 ',
  '42abc',
  'true',
  '{}',
  '[]',
  '${jndi:ldap://x}',
  '{{args.user}}',
  '<script>alert(1)</script>',
];

/** Strings 300-5000 long (and a band around 255, the column width), of one repeated character. */
export const longString: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 300, max: 5000 }),
      fc.constantFrom('a', '9', 'é', '😀', '\u0000', '%', '\\', '"', ' '),
    )
    .map(([n, c]) => c.repeat(n)),
  fc.tuple(fc.integer({ min: 240, max: 300 }), fc.constantFrom('a', '9', 'é')).map(([n, c]) => c.repeat(n)),
  fc.string({ minLength: 300, maxLength: 1200 }),
);

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnitString = fc.string({
  maxLength: 40,
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
});

/** Short strings with NUL and other C0 controls among ordinary characters. */
const controlString = fc.string({
  minLength: 1,
  maxLength: 12,
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
    fc.constantFrom('\u007f', 'a', '1', 'é'),
  ),
});

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL_STRINGS), weight: 4 },
  { arbitrary: controlString, weight: 2 },
  { arbitrary: longString, weight: 3 },
  { arbitrary: codeUnitString, weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
);

export const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  hostileTimestamp,
  fc.constantFrom<unknown>(-0, 255, 256, -2147483649, 4294967296, 5e-324, raw('9007199254740993')),
);

/** A value of any JSON type, a few levels deep, made of hostile leaves. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    hostileString,
    hostileNumber,
    fc.constantFrom<unknown>(null, true, false, [], {}, [[]], [{}], { '': null }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.constantFrom('id', 'event', '__proto__', 'constructor', ''), fc.string()),
      tie('value'),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

/** Nesting the parser (or a recursive walk after it) has to survive: 100 to 100 000 levels. */
export const deepNesting: fc.Arbitrary<RawJson> = fc
  .tuple(fc.integer({ min: 100, max: 100_000 }), fc.constantFrom('[', '{"a":', '{"event":'))
  .map(([depth, open]) => {
    const close = open === '[' ? ']' : '}';
    return raw(`${open.repeat(depth)}${open === '[' ? '' : '1'}${close.repeat(depth)}`);
  });

/** A realistic value most of the time, a hostile one otherwise: enough to get past the first checks. */
export const mostly = <T>(realistic: fc.Arbitrary<T>, hostile: fc.Arbitrary<unknown> = hostileValue) =>
  fc.oneof({ arbitrary: realistic, weight: 4 }, { arbitrary: hostile, weight: 1 });
