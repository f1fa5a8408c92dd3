import fc from 'fast-check';

import { ADMIN_TOKEN, CONNECTOR_IDS } from './fuzz-bridge';
import type { PropertySpec } from './fuzz-runner';
import {
  type BodyModel,
  type QueryPart,
  bodyBytes,
  encodeComponent,
  headerValue,
  hostileBody,
  hostileContentType,
  hostileString,
  hostileValue,
  longString,
  queryString,
  rawQueryFragment,
} from './hostile';
import { booleanText, cursorFor, enumText, searchText, timeValue } from './list-params';

/** A path parameter: a value to percent-encode, or a fragment sent verbatim (`%FF`, `..`). */
export type PathParam = { value: string } | { raw: string };

export interface AdminInput {
  /** The Authorization header (undefined: none). */
  authorization?: string;
  /** Other headers a client might think authenticate it. */
  extraHeaders: Record<string, string>;
  param?: PathParam;
  query: QueryPart[];
  body?: BodyModel;
  contentType?: string;
}

interface AdminRoute {
  route: string;
  method: 'GET' | 'POST';
  path(param: string): string;
  param?: fc.Arbitrary<PathParam>;
  query: fc.Arbitrary<QueryPart[]>;
  body?: fc.Arbitrary<BodyModel>;
  /** How many inputs with a valid token, and without one (per database). */
  runs: { valid: number; unauthenticated: number };
}

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

const hostileId: fc.Arbitrary<PathParam> = fc.oneof(
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

const connectorId: fc.Arbitrary<PathParam> = fc.oneof(
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
const listQuery = (fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<QueryPart[]> =>
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
const connectorIdValue = fc.oneof(
  { arbitrary: fc.constantFrom(...CONNECTOR_IDS), weight: 3 },
  {
    arbitrary: fc.constantFrom('lhc\u0000', '\u0000', 'a\u0001b', 'lhc\u007f', 'tencent\u001b[0m'),
    weight: 2,
  },
  { arbitrary: hostileString, weight: 2 },
  { arbitrary: longString, weight: 1 },
);
const stateValue = fc.oneof(
  { arbitrary: fc.constantFrom('pending', 'done', 'failed', 'dead'), weight: 3 },
  { arbitrary: fc.oneof(fc.constantFrom('DONE', '', 'done\u0000'), hostileString), weight: 1 },
);

const operatorKey: fc.Arbitrary<PathParam> = fc.oneof(
  { arbitrary: fc.constantFrom('anna', 'john', 'nobody').map((value): PathParam => ({ value })), weight: 2 },
  { arbitrary: hostileId, weight: 3 },
);

// A body the DTO accepts starts a real run (an LHC run takes over a second at its rate limit), so
// acceptable bodies are a small share: the point is the hostile ones.
const reconcileBody: fc.Arbitrary<BodyModel> = fc.oneof(
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
const operatorSyncBody: fc.Arbitrary<BodyModel> = fc.oneof(
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

export const ADMIN_ROUTES: AdminRoute[] = [
  {
    route: 'GET /api/runs',
    method: 'GET',
    path: () => '/api/runs',
    query: listQuery({
      connectorId: connectorIdValue,
      cursor: cursorFor('runs'),
      kind: enumText('reconcile', 'availability', 'conversation', 'chat-release', 'settings'),
      outcome: enumText('ok', 'partial', 'failed', 'blocked', 'running', 'interrupted'),
      since: timeValue,
      until: timeValue,
      changes: booleanText,
    }),
    runs: { valid: 150, unauthenticated: 40 },
  },
  {
    route: 'GET /api/runs/:id',
    method: 'GET',
    path: (id) => `/api/runs/${id}`,
    param: hostileId,
    query: listQuery({}),
    runs: { valid: 150, unauthenticated: 40 },
  },
  {
    route: 'GET /api/operators',
    method: 'GET',
    path: () => '/api/operators',
    query: listQuery({
      cursor: cursorFor('operators'),
      q: searchText,
      status: enumText('active', 'inactive', 'deleted'),
      availability: enumText('online', 'busy', 'offline'),
      missing: connectorIdValue,
    }),
    runs: { valid: 50, unauthenticated: 30 },
  },
  {
    route: 'GET /api/events',
    method: 'GET',
    path: () => '/api/events',
    query: listQuery({ connectorId: connectorIdValue, state: stateValue, cursor: cursorFor('events') }),
    runs: { valid: 150, unauthenticated: 40 },
  },
  {
    route: 'GET /api/events/:id',
    method: 'GET',
    path: (id) => `/api/events/${id}`,
    param: hostileId,
    query: listQuery({}),
    runs: { valid: 100, unauthenticated: 30 },
  },
  {
    route: 'POST /api/operators/:key/sync',
    method: 'POST',
    path: (key) => `/api/operators/${key}/sync`,
    param: operatorKey,
    query: listQuery({}),
    body: operatorSyncBody,
    runs: { valid: 60, unauthenticated: 30 },
  },
  {
    route: 'POST /api/events/:id/replay',
    method: 'POST',
    path: (id) => `/api/events/${id}/replay`,
    param: hostileId,
    query: listQuery({}),
    body: fc.oneof(fc.constant<BodyModel>({ none: true }), hostileBody),
    runs: { valid: 120, unauthenticated: 40 },
  },
  {
    route: 'GET /api/connectors',
    method: 'GET',
    path: () => '/api/connectors',
    query: listQuery({}),
    runs: { valid: 40, unauthenticated: 30 },
  },
  {
    route: 'POST /api/connectors/:id/reconcile',
    method: 'POST',
    path: (id) => `/api/connectors/${id}/reconcile`,
    param: connectorId,
    query: listQuery({}),
    body: reconcileBody,
    runs: { valid: 80, unauthenticated: 40 },
  },
  {
    route: 'POST /api/reconcile',
    method: 'POST',
    path: () => '/api/reconcile',
    query: listQuery({}),
    body: reconcileBody,
    runs: { valid: 30, unauthenticated: 40 },
  },
];

/** Authorization headers that must not open the admin API; none carries the exact token. */
const brokenAuthorization: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constantFrom<string | undefined>(
    undefined,
    '',
    'Bearer',
    'Bearer ',
    ADMIN_TOKEN,
    `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`,
    `Bearer ${ADMIN_TOKEN}x`,
    `Bearer x${ADMIN_TOKEN}`,
    `Bearer ${ADMIN_TOKEN.slice(0, -1)}`,
    `Bearer ${ADMIN_TOKEN.toUpperCase()}`,
    `Bearer ${ADMIN_TOKEN}${ADMIN_TOKEN}`,
    `Token ${ADMIN_TOKEN}`,
  ),
  headerValue.map((value) => `Bearer ${value}`),
  headerValue,
);

const misleadingHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { arbitrary: fc.constant({}), weight: 4 },
  {
    arbitrary: fc.constantFrom<Record<string, string>>(
      { 'x-admin-token': ADMIN_TOKEN },
      { 'x-api-key': ADMIN_TOKEN },
      { cookie: `token=${ADMIN_TOKEN}` },
      { 'x-forwarded-for': '127.0.0.1' },
    ),
    weight: 1,
  },
);

export const adminInput = (route: AdminRoute, authenticated: boolean): fc.Arbitrary<AdminInput> =>
  fc.record(
    {
      authorization: authenticated ? fc.constant(`Bearer ${ADMIN_TOKEN}`) : brokenAuthorization,
      extraHeaders: authenticated ? fc.constant<Record<string, string>>({}) : misleadingHeaders,
      param: route.param ?? fc.constant(undefined),
      query: authenticated ? route.query : fc.oneof(fc.constant<QueryPart[]>([]), route.query),
      body: route.body ?? fc.constant(undefined),
      contentType: route.body ? hostileContentType : fc.constant(undefined),
    },
    {
      requiredKeys: [
        'extraHeaders',
        'query',
        ...(authenticated ? (['authorization'] as const) : []),
        ...(route.param ? (['param'] as const) : []),
      ],
    },
  );

export const buildAdminRequest = (route: AdminRoute, input: AdminInput) => {
  const param =
    input.param === undefined
      ? ''
      : 'raw' in input.param
        ? input.param.raw
        : encodeComponent(input.param.value);
  const qs = queryString(input.query);
  const headers: Record<string, string> = { ...input.extraHeaders };
  if (input.authorization !== undefined) {
    headers.authorization = input.authorization;
  }
  if (input.contentType !== undefined) {
    headers['content-type'] = input.contentType;
  }
  return {
    method: route.method,
    path: `${route.path(param)}${qs ? `?${qs}` : ''}`,
    headers,
    body: input.body === undefined ? undefined : bodyBytes(input.body),
  };
};

/** Without the token nothing is served: 401, or a 4xx the body parser gave before auth was even asked. */
const notServed = (reply: { status: number }): string | undefined =>
  reply.status >= 400 && reply.status < 500
    ? undefined
    : `an unauthenticated request was answered ${reply.status}`;

export const adminProperty = (route: AdminRoute, authenticated: boolean): PropertySpec<AdminInput> => ({
  route: route.route,
  variant: authenticated ? 'valid token' : 'no/wrong token',
  numRuns: authenticated ? route.runs.valid : route.runs.unauthenticated,
  arbitrary: adminInput(route, authenticated),
  build: (input) => buildAdminRequest(route, input),
  check: authenticated ? undefined : notServed,
});
