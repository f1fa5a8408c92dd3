import type { IncomingHttpHeaders } from 'node:http';

import { emptyResponse } from '@app/simulator/framework/sim-response';
import type { RouteGuard, SimResponse } from '@app/simulator/framework/simulator.types';
import type { ChatHubTokenStore } from '@app/simulator/smsbat-chathub/chathub-token-store';

/**
 * Company routes accept `Authorization: Bearer <token>` or `X-Authorization-Key: <token>`
 *. Missing, unknown or expired tokens answer 401; an operator token
 * answers 403 ("wrong token type (company vs operator)").
 */
export function chatHubCompanyGuard(tokens: ChatHubTokenStore, now: () => Date): RouteGuard {
  return (req) => {
    const token = presentedToken(req.headers);
    const record = token === undefined ? undefined : tokens.resolve(token);
    if (!record) {
      return unauthorized();
    }
    const expired = record.expired || (record.kind === 'operator' && record.expiresAt <= now());
    if (expired) {
      return unauthorized('error="invalid_token", error_description="The token expired"');
    }
    return record.kind === 'operator' ? emptyResponse(403) : undefined;
  };
}

function presentedToken(headers: IncomingHttpHeaders): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (bearer) {
    return bearer[1];
  }
  const key = headers['x-authorization-key'];
  const value = (Array.isArray(key) ? key[0] : key)?.trim();
  return value ? value : undefined;
}

// Inferred from the ASP.NET Core JWT handler: an empty 401 with a Bearer challenge.
function unauthorized(details?: string): SimResponse {
  return emptyResponse(401, { 'www-authenticate': details ? `Bearer ${details}` : 'Bearer' });
}
