import { computeCallbackSign, verifyCallbackSign } from '@app/platforms/tencent-chat/tencent-callback-sign';

// Reproduced vector of (the 2024 Markdown misprints the token as xxxyyy).
const TOKEN = 'xxxxyyyy';
const REQUEST_TIME = '1669872112';
const SIGN = '17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061';
const SDK_APP_ID = 1400000000;

const verify = (query: Record<string, string | undefined>, nowSeconds = Number(REQUEST_TIME)) =>
  verifyCallbackSign({
    query: { SdkAppid: String(SDK_APP_ID), Sign: SIGN, RequestTime: REQUEST_TIME, ...query },
    sdkAppId: SDK_APP_ID,
    token: TOKEN,
    nowMs: nowSeconds * 1000,
  });

describe(computeCallbackSign.name, () => {
  it('should give the documented Sign when the token is xxxxyyyy and RequestTime 1669872112', () => {
    expect(computeCallbackSign(TOKEN, REQUEST_TIME)).toBe(SIGN);
  });
});

describe(verifyCallbackSign.name, () => {
  it('should accept the callback when SdkAppid, Sign and RequestTime are right', () => {
    expect(verify({})).toEqual({ ok: true });
  });

  it('should accept an upper-case Sign when it is otherwise right', () => {
    expect(verify({ Sign: SIGN.toUpperCase() })).toEqual({ ok: true });
  });

  it.each([
    ['60 s early', -60],
    ['60 s late', 60],
  ])('should accept the callback when RequestTime is %s', (_case, offset) => {
    expect(verify({}, Number(REQUEST_TIME) + offset).ok).toBe(true);
  });

  it.each([
    ['61 s behind', 61],
    ['61 s ahead', -61],
  ])('should reject a stale callback when RequestTime is %s', (_case, offset) => {
    expect(verify({}, Number(REQUEST_TIME) + offset)).toEqual({
      ok: false,
      reason: 'RequestTime outside the allowed window',
    });
  });

  it('should reject the callback when SdkAppid is another app', () => {
    expect(verify({ SdkAppid: '1400000001' })).toEqual({ ok: false, reason: 'SdkAppid does not match' });
  });

  it('should reject the callback when the Sign was made with another token', () => {
    expect(verify({ Sign: computeCallbackSign('xxxyyy', REQUEST_TIME) })).toEqual({
      ok: false,
      reason: 'Sign does not match',
    });
  });

  it('should reject the callback when the Sign belongs to another RequestTime', () => {
    expect(verify({ RequestTime: '1669872113' }, 1669872113).ok).toBe(false);
  });

  it.each([
    ['too short', SIGN.slice(0, 63)],
    ['not hex', `${SIGN.slice(0, 63)}z`],
    ['too long', `${SIGN}00`],
  ])('should reject a malformed Sign when it is %s', (_case, sign) => {
    expect(verify({ Sign: sign })).toEqual({ ok: false, reason: 'Sign or RequestTime malformed' });
  });

  it.each([
    ['Sign is missing', { Sign: undefined }],
    ['RequestTime is missing', { RequestTime: undefined }],
  ])('should reject the callback when %s', (_case, query) => {
    expect(verify(query)).toEqual({ ok: false, reason: 'Sign or RequestTime missing' });
  });

  it('should reject the callback when RequestTime is not a number', () => {
    expect(verify({ RequestTime: '16698721x2' })).toEqual({
      ok: false,
      reason: 'Sign or RequestTime malformed',
    });
  });
});
