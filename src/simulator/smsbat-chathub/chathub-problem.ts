import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';

import type { SimResponse } from '@app/simulator/framework/simulator.types';

// RFC 9110 sections, as ASP.NET Core puts them in `type`.
const RFC_SECTIONS: Record<number, string> = {
  400: '15.5.1',
  401: '15.5.2',
  403: '15.5.4',
  404: '15.5.5',
  500: '15.6.1',
};

/**
 * ChatHub documents no error body. The host looks like ASP.NET Core
 * (Swagger UI at /index.html), so errors carry its problem+json shape. Inferred: clients must
 * only rely on the status code.
 */
export function problemResponse(status: number, detail: string): SimResponse {
  const section = RFC_SECTIONS[status];
  const body = {
    ...(section ? { type: `https://tools.ietf.org/html/rfc9110#section-${section}` } : {}),
    title: status === 400 ? 'One or more validation errors occurred.' : (STATUS_CODES[status] ?? 'Error'),
    status,
    ...(status === 400 ? { errors: { request: [detail] } } : { detail }),
    traceId: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`,
  };
  return { status, body, headers: { 'content-type': 'application/problem+json; charset=utf-8' } };
}
