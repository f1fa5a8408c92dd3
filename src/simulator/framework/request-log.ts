import type { IncomingHttpHeaders } from 'node:http';

import type { RequestLogEntry, RouteKey, ValidationFailure } from '@app/simulator/framework/simulator.types';

// Credentials of every platform we simulate: ChatHub, Chatwoot (api_access_token), LHC (Basic).
const SECRET_HEADERS = new Set(['authorization', 'x-authorization-key', 'api_access_token', 'cookie']);

/** Bounded log of routed requests plus every validation failure (those are never dropped). */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private failures: ValidationFailure[] = [];

  constructor(private readonly limit: number) {}

  add(entry: RequestLogEntry): RequestLogEntry {
    this.entries.push(entry);
    if (this.entries.length > this.limit) {
      this.entries.shift();
    }
    return entry;
  }

  addFailure(failure: ValidationFailure): void {
    this.failures.push(failure);
  }

  list(routeKey?: RouteKey): RequestLogEntry[] {
    const selected = routeKey ? this.entries.filter((e) => e.routeKey === routeKey) : this.entries;
    return structuredClone(selected);
  }

  validationFailures(): ValidationFailure[] {
    return structuredClone(this.failures);
  }

  clear(): void {
    this.entries = [];
    this.failures = [];
  }
}

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) {
      continue;
    }
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = SECRET_HEADERS.has(name) ? redact(text) : text;
  }
  return out;
}

// Keep the scheme so tests can still assert "Bearer" vs "Basic".
function redact(value: string): string {
  const scheme = /^(Bearer|Basic)\s+/i.exec(value);
  return scheme ? `${scheme[1]} [redacted]` : '[redacted]';
}
