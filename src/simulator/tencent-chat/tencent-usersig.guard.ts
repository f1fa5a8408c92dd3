import { type UserSigRejection, verifyUserSig } from '@app/platforms/tencent-chat/tencent-usersig';
import type { RouteGuard } from '@app/simulator/framework/simulator.types';
import { fail, jsonObject } from '@app/simulator/tencent-chat/tencent-envelope';

export interface TencentGuardOptions {
  sdkAppId: number;
  secretKey: string;
  admins: ReadonlySet<string>;
  now: () => number;
}

// Error codes for each way a UserSig can fail the checks tls-go makes.
const CODE_BY_REJECTION: Record<UserSigRejection, number> = {
  malformed: 70003,
  sdkappid: 70014,
  identifier: 70013,
  expired: 70001,
  signature: 70009,
};

const MAX_UINT32 = 4_294_967_295;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Checks the REST query string as Tencent does: the app, then the admin UserSig (decoded,
 * sdkappid, identifier, expiry, HMAC), then that the identifier is an admin; answers in the envelope.
 */
export function tencentUserSigGuard(options: TencentGuardOptions): RouteGuard {
  return (req) => {
    const sdkAppId = text(req.query.sdkappid);
    const identifier = text(req.query.identifier) ?? '';
    const userSig = text(req.query.usersig);
    const random = text(req.query.random);
    if (sdkAppId !== String(options.sdkAppId)) {
      return fail(70020);
    }
    if (!userSig) {
      return fail(70002);
    }
    const check = verifyUserSig({
      userSig,
      sdkAppId: options.sdkAppId,
      identifier,
      secretKey: options.secretKey,
      nowMs: options.now(),
    });
    if (!check.ok) {
      return fail(CODE_BY_REJECTION[check.reason]);
    }
    if (!options.admins.has(identifier)) {
      return fail(60010);
    }
    // Inferred codes: the docs only say these are required, not what a miss answers.
    if (random === undefined || !/^\d{1,10}$/.test(random) || Number(random) > MAX_UINT32) {
      return fail(90001, 'random must be a 32-bit unsigned integer');
    }
    if (req.query.contenttype !== 'json') {
      return fail(90001, 'contenttype must be json');
    }
    // "An empty body is not allowed: send {}".
    return jsonObject(req) ? undefined : fail(90001, 'the body must be a JSON object ({} when empty)');
  };
}
