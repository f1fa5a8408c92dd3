import fc from 'fast-check';

import type { PathParam } from './admin-params';
import type { AdminRoute } from './admin-routes';
import { ADMIN_TOKEN } from './fuzz-bridge';
import type { PropertySpec } from './fuzz-runner';
import {
  type BodyModel,
  type QueryPart,
  bodyBytes,
  encodeComponent,
  headerValue,
  hostileContentType,
  queryString,
} from './hostile-requests';

/** One admin request as generated, before it is encoded and sent. */
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
