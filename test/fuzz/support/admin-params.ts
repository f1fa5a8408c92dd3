import fc from 'fast-check';

import { CONNECTOR_IDS } from './fuzz-bridge';
import { type BodyModel, type QueryPart, hostileBody, rawQueryFragment } from './hostile-requests';
import { hostileString, hostileValue, longString } from './hostile-values';

/**
 * What the admin routes are sent: path ids and keys, list queries and bodies, valid most of the
 * time where a valid value starts real work, hostile otherwise.
 */

/** A path parameter: a value to percent-encode, or a fragment sent verbatim (`%FF`, `..`). */
export type PathParam = { value: string } | { raw: string };

const HOSTILE_NUMBERS = [
  '2147483648',
  '2147483647',
  '-1',
  '-0',
  '0',
  '1e99',
  '1e3',
  'abc',
  '1.5',
  '0x10',
  '+1',
  '01',
  'NaN',
  'Infinity',
  '-Infinity',
  '9007199254740993',
  '99999999999999999999',
  'null',
  'undefined',
  ' 1',
  '1 ',
  '١',
];

export const hostileId: fc.Arbitrary<PathParam> = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 30 }).map((n): PathParam => ({ value: String(n) })), weight: 2 },
  { arbitrary: fc.constantFrom(...HOSTILE_NUMBERS).map((value): PathParam => ({ value })), weight: 4 },
  { arbitrary: fc.integer().map((n): PathParam => ({ value: String(n) })), weight: 1 },
  { arbitrary: longString.map((value): PathParam => ({ value })), weight: 2 },
  { arbitrary: hostileString.map((value): PathParam => ({ value })), weight: 2 },
  {
    arbitrary: fc
      .constantFrom('%FF', '%', '%zz', '%00', '..', '.', '%2F', '%2e%2e', '1%00', '1;x', '1,2')
      .map((raw): PathParam => ({ raw })),
    weight: 2,
  },
);

export const connectorId: fc.Arbitrary<PathParam> = fc.oneof(
  { arbitrary: fc.constantFrom(...CONNECTOR_IDS).map((value): PathParam => ({ value })), weight: 2 },
  {
    arbitrary: fc
      .constantFrom('LHC', 'lhc ', 'nope', '__proto__', 'constructor')
      .map((value): PathParam => ({ value })),
    weight: 1,
  },
  { arbitrary: hostileId, weight: 4 },
);

const limitValue = fc.oneof(
  fc.constantFrom('1', '10', '1000', '1001', ...HOSTILE_NUMBERS, '', '9'.repeat(400)),
  fc.integer().map(String),
  hostileString,
);

const oddQueryPart: fc.Arbitrary<QueryPart> = fc.oneof(
  fc.record({
    key: fc.oneof(
      fc.constantFrom('limit[]', 'limit[a]', '__proto__', 'constructor[prototype][x]'),
      hostileString,
    ),
    value: hostileString,
  }),
  rawQueryFragment,
);

/**
 * The route's own parameters, each present or not and valid most of the time (so one bad value
 * does not hide the others behind a 400), then now and then parameters the DTO does not know.
 */
export const listQuery = (fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<QueryPart[]> =>
  fc
    .tuple(
      fc.record(
        {
          limit: fc.oneof(
            { arbitrary: fc.integer({ min: 1, max: 1000 }).map(String), weight: 3 },
            { arbitrary: limitValue, weight: 2 },
          ),
          ...fields,
        },
        { requiredKeys: [] },
      ),
      fc.oneof(
        { arbitrary: fc.constant([]), weight: 3 },
        { arbitrary: fc.array(oddQueryPart, { minLength: 1, maxLength: 2 }), weight: 1 },
      ),
    )
    .map(([known, odd]) => [
      ...Object.entries(known).map(([key, value]): QueryPart => ({ key, value: String(value) })),
      ...odd,
    ]);

/** Valid ids, ids with NUL and other controls (they pass @IsString and @MaxLength), hostile ones. */
export const connectorIdValue = fc.oneof(
  { arbitrary: fc.constantFrom(...CONNECTOR_IDS), weight: 3 },
  {
    arbitrary: fc.constantFrom('lhc\u0000', '\u0000', 'a\u0001b', 'lhc\u007f', 'tencent\u001b[0m'),
    weight: 2,
  },
  { arbitrary: hostileString, weight: 2 },
  { arbitrary: longString, weight: 1 },
);
export const stateValue = fc.oneof(
  { arbitrary: fc.constantFrom('pending', 'done', 'failed', 'dead'), weight: 3 },
  { arbitrary: fc.oneof(fc.constantFrom('DONE', '', 'done\u0000'), hostileString), weight: 1 },
);

export const operatorKey: fc.Arbitrary<PathParam> = fc.oneof(
  { arbitrary: fc.constantFrom('anna', 'john', 'nobody').map((value): PathParam => ({ value })), weight: 2 },
  { arbitrary: hostileId, weight: 3 },
);

// A body the DTO accepts starts a real run (an LHC run takes over a second at its rate limit), so
// acceptable bodies are a small share: the point is the hostile ones.
export const reconcileBody: fc.Arbitrary<BodyModel> = fc.oneof(
  { arbitrary: fc.constantFrom<BodyModel>({ json: {} }, { json: { dryRun: true } }), weight: 1 },
  {
    arbitrary: fc
      .record(
        { dryRun: hostileValue, allowDeletes: fc.oneof(fc.constant(false), hostileValue) },
        { requiredKeys: [] },
      )
      .map((json): BodyModel => ({ json })),
    weight: 2,
  },
  {
    arbitrary: fc
      .dictionary(hostileString, hostileValue, { maxKeys: 3 })
      .map((json): BodyModel => ({ json })),
    weight: 1,
  },
  { arbitrary: hostileBody, weight: 4 },
);

// Like the reconcile body: a body the DTO accepts starts real runs, so those are few.
export const operatorSyncBody: fc.Arbitrary<BodyModel> = fc.oneof(
  {
    arbitrary: fc.constantFrom<BodyModel>(
      { json: { dryRun: true } },
      { json: { dryRun: true, connectorId: 'lhc' } },
    ),
    weight: 1,
  },
  {
    arbitrary: fc
      .record(
        { dryRun: hostileValue, connectorId: fc.oneof(connectorIdValue, hostileValue) },
        { requiredKeys: [] },
      )
      .map((json): BodyModel => ({ json })),
    weight: 2,
  },
  { arbitrary: hostileBody, weight: 4 },
);
