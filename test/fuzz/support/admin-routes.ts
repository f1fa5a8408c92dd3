import fc from 'fast-check';

import {
  type PathParam,
  connectorId,
  connectorIdValue,
  hostileId,
  listQuery,
  operatorKey,
  operatorSyncBody,
  reconcileBody,
  stateValue,
} from './admin-params';
import { type BodyModel, type QueryPart, hostileBody } from './hostile-requests';
import { booleanText, cursorFor, enumText, searchText, timeValue } from './list-params';

/** One admin route and what to send it. */
export interface AdminRoute {
  route: string;
  method: 'GET' | 'POST';
  path(param: string): string;
  param?: fc.Arbitrary<PathParam>;
  query: fc.Arbitrary<QueryPart[]>;
  body?: fc.Arbitrary<BodyModel>;
  /** How many inputs with a valid token, and without one (per database). */
  runs: { valid: number; unauthenticated: number };
}

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
