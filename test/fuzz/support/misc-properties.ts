import fc from 'fast-check';

import { ADMIN_TOKEN } from './fuzz-bridge';
import type { PropertySpec } from './fuzz-runner';
import {
  type BodyModel,
  type QueryPart,
  bodyBytes,
  encodeComponent,
  headerValue,
  hostileBody,
  hostileContentType,
  queryString,
  rawQueryFragment,
} from './hostile-requests';
import { hostileString, longString } from './hostile-values';

const hostileQuery = fc.array(
  fc.oneof(fc.record({ key: hostileString, value: hostileString }), rawQueryFragment),
  { maxLength: 3 },
);

interface ProbeInput {
  path: string;
  query: QueryPart[];
  headers: Record<string, string>;
}

/** Health and metrics take no input, but they are reached with any query and header. */
export const probesProperty = (numRuns: number): PropertySpec<ProbeInput> => ({
  route: 'GET /health/*, /metrics',
  variant: 'no token',
  numRuns,
  arbitrary: fc.record({
    path: fc.constantFrom('/health/live', '/health/ready', '/metrics'),
    query: hostileQuery,
    headers: fc.dictionary(
      fc.constantFrom('accept', 'accept-encoding', 'x-request-id', 'if-none-match', 'range'),
      headerValue,
      {
        maxKeys: 2,
      },
    ),
  }),
  build: (input) => {
    const qs = queryString(input.query);
    return { method: 'GET', path: `${input.path}${qs ? `?${qs}` : ''}`, headers: input.headers };
  },
});

interface UnknownConnectorInput {
  id: { value: string } | { raw: string };
  body: BodyModel;
  contentType?: string;
}

/** A connector that does not exist, is disabled (chathub) or has no webhooks: 404, never stored. */
export const unknownConnectorProperty = (numRuns: number): PropertySpec<UnknownConnectorInput> => ({
  route: 'POST /webhooks/:unknown',
  variant: 'any',
  numRuns,
  arbitrary: fc.record({
    id: fc.oneof(
      fc
        .constantFrom(
          'chathub',
          'LHC',
          'Chatwoot',
          'nope',
          '__proto__',
          'constructor',
          'toString',
          'lhc ',
          ' lhc',
        )
        .map((value) => ({ value })),
      hostileString.map((value) => ({ value })),
      longString.map((value) => ({ value })),
      fc.constantFrom('%FF', '%', '%00', '..', '%2F', 'lhc%00', 'lhc%2F..').map((raw) => ({ raw })),
    ),
    body: hostileBody,
    contentType: hostileContentType,
  }),
  build: (input) => ({
    method: 'POST',
    path: `/webhooks/${'raw' in input.id ? input.id.raw : encodeComponent(input.id.value)}`,
    headers: input.contentType === undefined ? undefined : { 'content-type': input.contentType },
    body: bodyBytes(input.body),
  }),
  check: (reply) => (reply.status >= 400 && reply.status < 500 ? undefined : `answered ${reply.status}`),
});

const KNOWN_PATHS = [
  '/webhooks/lhc',
  '/webhooks/chatwoot',
  '/webhooks/tencent',
  '/api/runs',
  '/api/runs/1',
  '/api/operators',
  '/api/events',
  '/api/events/1/replay',
  '/api/connectors',
  '/api/connectors/lhc/reconcile',
  '/api/reconcile',
  '/health/live',
  '/metrics',
];

interface MethodInput {
  method: string;
  path: string;
  token: boolean;
  body?: BodyModel;
}

/** Every known path with the methods it does not serve (and a few it does), token or not. */
export const methodsProperty = (numRuns: number): PropertySpec<MethodInput> => ({
  route: '* (any method, known paths)',
  variant: 'token or not',
  numRuns,
  arbitrary: fc.record(
    {
      method: fc.constantFrom(
        'GET',
        'POST',
        'PUT',
        'PATCH',
        'DELETE',
        'OPTIONS',
        'HEAD',
        'PROPFIND',
        'SEARCH',
      ),
      path: fc.constantFrom(...KNOWN_PATHS),
      token: fc.boolean(),
      body: hostileBody,
    },
    { requiredKeys: ['method', 'path', 'token'] },
  ),
  build: (input) => {
    // A reconcile with a token and an acceptable body would really run: keep those out of this property.
    const safeBody = input.path.endsWith('/reconcile') && input.token ? { json: [] } : input.body;
    return {
      method: input.method,
      path: input.path,
      headers: {
        ...(input.token ? { authorization: `Bearer ${ADMIN_TOKEN}` } : {}),
        ...(safeBody === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: safeBody === undefined || input.method === 'HEAD' ? undefined : bodyBytes(safeBody),
    };
  },
});
