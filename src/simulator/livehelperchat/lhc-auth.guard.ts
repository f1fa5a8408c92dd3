import type { IncomingHttpHeaders } from 'node:http';

import { jsonResponse } from '@app/simulator/framework/sim-response';
import type { RouteGuard } from '@app/simulator/framework/simulator.types';
import type { LhcState } from '@app/simulator/livehelperchat/lhc-state';
import { fakeHash } from '@app/simulator/livehelperchat/lhc-user-input';
import type { LhcSimUser } from '@app/simulator/livehelperchat/lhc.types';

export type CallerResult = { user: LhcSimUser } | { error: string };

const FAILED = 'Authorization failed!';

/**
 * lhrestapivalidator.php validateRequest: Basic `username:API_KEY`, the
 * key looked up by value among active keys and its owner's username compared; otherwise a direct
 * login, which a default role may not use.
 */
export const resolveCaller = (state: LhcState, headers: IncomingHttpHeaders): CallerResult => {
  const authorization = headers.authorization;
  if (authorization === undefined) {
    return { error: 'Authorization header is missing!' };
  }
  const parts = Buffer.from(authorization.split(' ')[1] ?? '', 'base64')
    .toString('utf8')
    .split(':');
  if (parts.length !== 2) {
    return { error: FAILED };
  }
  const [username, secret] = parts;
  const key = state.apiKeys.find((k) => k.active && k.apiKey === secret);
  if (!key) {
    const user = state.findByUsername(username);
    if (!user || user.password !== fakeHash(secret)) {
      return { error: FAILED };
    }
    return {
      error:
        'You do not have permission to use REST API directly. "lhrestapi", "use_direct_logins" is missing!',
    };
  }
  const owner = state.users.get(key.userId);
  return owner && owner.username === username ? { user: owner } : { error: FAILED };
};

/**
 * Refuses with `{"error": true, "result": "<message>"}`, answered with the HTTP status the
 * endpoint uses for its errors: 200 for getusers and setonlinestatus, 400 elsewhere.
 * Any `?update_activity` refreshes the caller's activity (finding 3).
 */
export const lhcAuthGuard =
  (state: LhcState, errorStatus: 200 | 400): RouteGuard =>
  (req) => {
    const caller = resolveCaller(state, req.headers);
    if ('error' in caller) {
      return jsonResponse({ error: true, result: caller.error }, errorStatus);
    }
    if (req.query.update_activity !== undefined) {
      state.touch(caller.user.id);
    }
    return undefined;
  };
