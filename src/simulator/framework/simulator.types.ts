import type { IncomingHttpHeaders } from 'node:http';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `METHOD /path/pattern` as registered, e.g. `POST /api/operator/synchronize` or `GET /restapi/user/:id`. */
export type RouteKey = `${HttpMethod} /${string}`;

/** What a route handler sees: the parsed request plus the raw bytes (for signature checks and quirks). */
export interface SimRequest {
  method: HttpMethod;
  /** Actual request path, without the query string. */
  path: string;
  routeKey: RouteKey;
  params: Record<string, string>;
  query: Record<string, unknown>;
  /** Lower-case names, unredacted. */
  headers: IncomingHttpHeaders;
  /** JSON or form fields when the content type says so, a string for text, else undefined. */
  body: unknown;
  rawBody: Buffer;
}

/**
 * What a handler answers. `raw` is sent byte for byte (junk before JSON, XML, HTML error pages);
 * otherwise `body` is sent as JSON (a string becomes a JSON string); with neither the body is empty.
 */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  raw?: string | Buffer;
}

export type RouteHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/** Returns human-readable problems; an empty list means the request is valid. */
export type RequestValidator = (req: SimRequest) => string[] | Promise<string[]>;

/** Answers instead of the handler (auth, permissions) when it returns a response. */
export type RouteGuard = (req: SimRequest) => SimResponse | undefined;

export interface RouteOptions {
  /** Counted by `writeCalls()`. */
  write?: boolean;
  guard?: RouteGuard;
  validate?: RequestValidator;
}

export interface RateLimitOptions {
  requestsPerSecond: number;
  /** Bucket size; defaults to `requestsPerSecond` (at least 1). */
  burst?: number;
  /** One bucket per route (Tencent limits each API separately) instead of one per server. */
  perRoute?: boolean;
}

export interface SimulatorOptions {
  rateLimit?: RateLimitOptions;
  /** Runs on every routed request after the guard, e.g. an OpenAPI check. */
  validator?: RequestValidator;
  /** Entries kept by the request log (oldest dropped first). Default 1000. */
  requestLogLimit?: number;
}

export interface StartOptions {
  /** 0 (default) picks an ephemeral port. */
  port?: number;
  host?: string;
}

export type RequestOutcome =
  'handled' | 'fault' | 'rate-limited' | 'invalid' | 'guarded' | 'held' | 'dropped';

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  /** null when no route matched (answered 404). */
  routeKey: RouteKey | null;
  query: Record<string, unknown>;
  /** Credentials redacted, scheme kept (`Bearer [redacted]`). */
  headers: Record<string, string>;
  body: unknown;
  status?: number;
  outcome?: RequestOutcome;
}

export interface ValidationFailure {
  at: string;
  routeKey: RouteKey;
  method: string;
  path: string;
  errors: string[];
}

export interface CallStats {
  total: number;
  writes: number;
  unmatched: number;
  byRoute: Partial<Record<RouteKey, number>>;
}
