import { deflateSync } from 'node:zlib';

import {
  UserSigCache,
  decodeUserSig,
  encodeTencentBase64,
  generateUserSig,
  verifyUserSig,
} from '@app/platforms/tencent-chat/tencent-usersig';

// Fixed-time vector of (key and user from the official repos' tests).
const VECTOR = {
  sdkAppId: 1400000000,
  identifier: 'xiaojun',
  secretKey: '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e',
  expireSeconds: 15552000,
  nowMs: 1700000000 * 1000,
};
const VECTOR_JSON = {
  'TLS.ver': '2.0',
  'TLS.identifier': 'xiaojun',
  'TLS.sdkappid': 1400000000,
  'TLS.time': 1700000000,
  'TLS.expire': 15552000,
  'TLS.sig': 'LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=',
};
const VECTOR_USERSIG =
  'eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiUZOamKlkZmqOKplYUZBaBxE1NTY3gosWZ6UpWSj5ljuYp*p7l5unBxXnF2WVhVU4uAf7Ozi5JpX7O5SbuHuUhzgZJmQXaTia2SrUAohcx8g__';

const verifyVector = (overrides: Partial<Parameters<typeof verifyUserSig>[0]> = {}) =>
  verifyUserSig({
    userSig: generateUserSig(VECTOR),
    sdkAppId: VECTOR.sdkAppId,
    identifier: VECTOR.identifier,
    secretKey: VECTOR.secretKey,
    nowMs: VECTOR.nowMs + 1000,
    ...overrides,
  });

describe(generateUserSig.name, () => {
  it('should produce the documented JSON and TLS.sig when given the fixed-time vector', () => {
    expect(decodeUserSig(generateUserSig(VECTOR))).toEqual(VECTOR_JSON);
  });

  it('should only use Tencent base64 characters when encoding', () => {
    expect(generateUserSig(VECTOR)).toMatch(/^[A-Za-z0-9*_-]+$/);
    expect(encodeTencentBase64(Buffer.from([0xfb, 0xff, 0xfe]))).toBe('*--*');
  });
});

describe(decodeUserSig.name, () => {
  it('should decode the UserSig published with the vector when it comes from another deflate', () => {
    expect(decodeUserSig(VECTOR_USERSIG)).toEqual(VECTOR_JSON);
  });

  it.each([
    ['characters outside the alphabet', 'eJyr+/='],
    ['bytes that do not inflate', 'bm90LXpsaWI_'],
    ['JSON without the TLS fields', encodeTencentBase64(deflateSync('{"a":1}'))],
  ])('should throw when the UserSig holds %s', (_case, userSig) => {
    expect(() => decodeUserSig(userSig)).toThrow();
  });
});

describe(verifyUserSig.name, () => {
  it('should accept the sig when every check passes', () => {
    expect(verifyVector()).toEqual({ ok: true, payload: VECTOR_JSON });
  });

  it.each([
    ['malformed', { userSig: 'not*a*sig' }],
    ['sdkappid', { sdkAppId: 1400000001 }],
    ['identifier', { identifier: 'administrator' }],
    ['expired', { nowMs: (1700000000 + 15552000 + 1) * 1000 }],
    ['signature', { secretKey: 'another-apps-key' }],
  ])('should reject with %s when that check fails', (reason, overrides) => {
    expect(verifyVector(overrides)).toEqual({ ok: false, reason });
  });

  it('should still accept the sig when now is exactly time + expire', () => {
    expect(verifyVector({ nowMs: (1700000000 + 15552000) * 1000 }).ok).toBe(true);
  });
});

describe(UserSigCache.name, () => {
  let now: number;
  let issued: string[];
  let sut: UserSigCache;

  beforeEach(() => {
    now = VECTOR.nowMs;
    issued = [];
    sut = new UserSigCache({
      sdkAppId: VECTOR.sdkAppId,
      identifier: 'administrator',
      secretKey: VECTOR.secretKey,
      expireSeconds: 1000,
      now: () => now,
      onIssued: (sig) => issued.push(sig),
    });
  });

  it('should reuse the sig when less than 80 % of its lifetime has passed', () => {
    const first = sut.current();
    now += 799_000;

    expect(sut.current()).toBe(first);
    expect(issued).toEqual([first]);
  });

  it('should sign a new sig when 80 % of its lifetime has passed', () => {
    const first = sut.current();
    now += 800_000;

    const second = sut.current();

    expect(second).not.toBe(first);
    expect(decodeUserSig(second)['TLS.time']).toBe(Math.floor(now / 1000));
    expect(issued).toEqual([first, second]);
  });

  it('should sign a new sig when invalidated', () => {
    sut.current();
    now += 1000;

    sut.invalidate();
    sut.current();

    expect(issued).toHaveLength(2);
  });
});
