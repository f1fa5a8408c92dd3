import fc from 'fast-check';

/**
 * Hostile building blocks shared by every route: numbers JSON can carry but code rarely expects,
 * strings that break columns, encodings and parsers, values of the wrong JSON type, and bodies
 * that are not what the content type says.
 */

/** A JSON token written verbatim: numbers JSON.stringify cannot produce (1e400, 30 digits…). */
export class RawJson {
  constructor(readonly text: string) {}

  [fc.toStringMethod](): string {
    return `raw(${JSON.stringify(clip(this.text, 60))})`;
  }
}

/** An object with repeated or prototype-looking keys, written in this order. */
export class JsonEntries {
  constructor(readonly entries: Array<[string, unknown]>) {}

  [fc.toStringMethod](): string {
    return `entries(${this.entries.map(([k]) => JSON.stringify(k)).join(',')})`;
  }
}

export const raw = (text: string) => new RawJson(text);

/**
 * A realistic time, as an offset from the moment of sending: the input stays the same from run to
 * run while the value on the wire stays inside the daemon's freshness windows (LHC ts ±300 s…).
 */
export class RelTime {
  constructor(
    readonly offsetS: number,
    readonly unit: 's' | 's-frac' | 'ms' | 'iso',
  ) {}

  resolve(nowMs: number): number | string {
    const ms = nowMs + this.offsetS * 1000;
    switch (this.unit) {
      case 's':
        return Math.floor(ms / 1000);
      case 's-frac':
        return Math.floor(ms / 10) / 100;
      case 'ms':
        return ms;
      case 'iso':
        return new Date(ms).toISOString();
    }
  }

  [fc.toStringMethod](): string {
    return `now${this.offsetS >= 0 ? '+' : ''}${this.offsetS}s(${this.unit})`;
  }
}

/** Serializes a generated value: RawJson verbatim, undefined fields left out, NaN as null. */
export const jsonText = (value: unknown): string => {
  if (value instanceof RawJson) {
    return value.text;
  }
  if (value instanceof RelTime) {
    return JSON.stringify(value.resolve(Date.now()));
  }
  if (value instanceof JsonEntries) {
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : jsonText(item))).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
};

export const clip = (text: string, max = 120): string =>
  text.length <= max ? text : `${text.slice(0, max)}…(${text.length} chars)`;

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

/** What goes on the wire as the body. */
export type BodyModel = { json: unknown } | { text: string } | { bytes: Uint8Array } | { none: true };

export const bodyBytes = (body: BodyModel): Buffer | undefined => {
  if ('none' in body) {
    return undefined;
  }
  if ('bytes' in body) {
    return Buffer.from(body.bytes);
  }
  return Buffer.from('text' in body ? body.text : jsonText(body.json), 'utf8');
};

const invalidUtf8 = fc
  .tuple(
    fc.constantFrom(
      [0xff],
      [0xfe, 0xff],
      [0xc0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x82],
      [0xf4, 0x90, 0x80, 0x80],
      [0x80, 0x80, 0x80],
    ),
    fc.constantFrom('{"event":"', '{"CallbackCommand":"', '{"id":1,"x":"', ''),
  )
  .map(([bad, prefix]) => {
    const tail = prefix === '' ? '' : '"}';
    return { bytes: Uint8Array.from([...Buffer.from(prefix), ...bad, ...Buffer.from(tail)]) };
  });

/** Bodies that are not one well-formed JSON object: empty, scalars, broken text, odd encodings. */
export const hostileBody: fc.Arbitrary<BodyModel> = fc.oneof(
  fc.constant<BodyModel>({ none: true }),
  fc.constantFrom<BodyModel>(
    { text: '' },
    { text: ' \n' },
    { text: 'null' },
    { text: 'true' },
    { text: '1' },
    { text: '"str"' },
    { text: '[]' },
    { text: '[{}]' },
    { text: '{' },
    { text: '{"event":' },
    { text: '}{' },
    { text: '{"a":1}{"b":2}' },
    { text: '\ufeff{"event":"x"}' },
    { text: "{'event':'x'}" },
    { text: '{"event":NaN}' },
    { text: '{/*c*/"event":"x"}' },
    { text: 'event=x&id=1' },
    { bytes: Uint8Array.from(Buffer.from('{"event":"x"}', 'utf16le')) },
    { bytes: Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0x00]) },
  ),
  invalidUtf8,
  fc.uint8Array({ maxLength: 2000 }).map((bytes): BodyModel => ({ bytes })),
  hostileValue.map((json): BodyModel => ({ json })),
  deepNesting.map((json): BodyModel => ({ json })),
  fc.array(hostileValue, { maxLength: 3 }).map((json): BodyModel => ({ json })),
);

export const hostileContentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 6 },
  {
    arbitrary: fc.constantFrom<string | undefined>(
      undefined,
      '',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/json; charset="',
      'text/plain',
      'text/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xyz',
      'application/xml',
      'application/vnd.api+json',
      'application/octet-stream',
      '*/*',
      'application/json;;;',
      'x'.repeat(1000),
    ),
    weight: 3,
  },
);

export const hostileContentEncoding: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 8 },
  {
    arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'gzip, gzip', 'x-unknown'),
    weight: 1,
  },
);

/** Characters node:http puts in a header value: tab, printable ASCII and latin1 (obs-text). */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '-1', '0', '1e99', 'null', '%00', '../x', 'é', '\u00ff\u0080', 'a\tb'),
  fc
    .tuple(fc.integer({ min: 300, max: 5000 }), fc.constantFrom('a', '9', 'é', '-'))
    .map(([n, c]) => c.repeat(n)),
  fc.tuple(fc.integer({ min: 240, max: 300 }), fc.constantFrom('a', '9')).map(([n, c]) => c.repeat(n)),
  fc.string({
    maxLength: 60,
    unit: fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
    ),
  }),
);

/**
 * Node refuses a request line and headers over 16 KB with a 431 and a reset that races the reply:
 * encoded components are kept under that (the limit itself is not what this tier tests).
 */
const MAX_ENCODED = 7000;

/** Cuts encoded text to `max` characters without splitting a %XX escape. */
export const capEncoded = (encoded: string, max = MAX_ENCODED): string =>
  encoded.length <= max ? encoded : encoded.slice(0, max).replace(/%[0-9A-Fa-f]?$/, '');

const encodeAll = (text: string): string => {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...text]
      .map((ch) => {
        try {
          return encodeURIComponent(ch);
        } catch {
          return '%ED%A0%80';
        }
      })
      .join('');
  }
};

/** Percent-encodes for a path segment or query; lone surrogates become raw invalid UTF-8 bytes. */
export const encodeComponent = (text: string): string => capEncoded(encodeAll(text));

/** Query pairs: encoded key=value, or a raw fragment sent verbatim (already percent-encoded). */
export type QueryPart = { key: string; value: string } | { raw: string };

export const queryString = (parts: QueryPart[]): string =>
  capEncoded(
    parts
      .map((part) =>
        'raw' in part ? part.raw : `${encodeComponent(part.key)}=${encodeComponent(part.value)}`,
      )
      .join('&'),
  );

export const rawQueryFragment: fc.Arbitrary<QueryPart> = fc
  .constantFrom(
    '%FF%FE',
    '%',
    '%zz',
    '%00',
    '=',
    '&&',
    'a[b][c][d][e][f]=1',
    'a[]=1&a[]=2',
    '__proto__[x]=1',
    'x=%E2%82',
  )
  .map((fragment) => ({ raw: fragment }));
