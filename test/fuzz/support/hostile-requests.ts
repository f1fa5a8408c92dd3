import fc from 'fast-check';

import { jsonText } from './hostile-json';
import { deepNesting, hostileValue } from './hostile-values';

/**
 * Hostile requests: bodies that are not what the content type says, odd content types and
 * encodings, header values, and path and query components percent-encoded as a client may.
 */

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
