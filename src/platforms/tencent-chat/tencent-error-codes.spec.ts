import { PlatformErrorCode } from '@app/core/platform-error';
import { tencentErrorEntry, toTencentError } from '@app/platforms/tencent-chat/tencent-error-codes';

describe(toTencentError.name, () => {
  it.each([
    [60007, PlatformErrorCode.RATE_LIMITED, 'backoff'],
    [141009, PlatformErrorCode.RATE_LIMITED, 'backoff'],
    [70500, PlatformErrorCode.TEMPORARY, 'backoff'],
    [141002, PlatformErrorCode.TEMPORARY, 'backoff'],
    [70001, PlatformErrorCode.AUTH_FAILED, 'resign'],
    [70009, PlatformErrorCode.AUTH_FAILED, 'fail'],
    [60010, PlatformErrorCode.AUTH_FAILED, 'fail'],
    [70107, PlatformErrorCode.NOT_FOUND, 'fail'],
    [40003, PlatformErrorCode.NOT_FOUND, 'fail'],
    [71000, PlatformErrorCode.REJECTED, 'fail'],
    [90011, PlatformErrorCode.REJECTED, 'fail'],
    [141000, PlatformErrorCode.CONFIG, 'fail'],
    [141010, PlatformErrorCode.NOT_FOUND, 'fail'],
    [12345, PlatformErrorCode.REJECTED, 'fail'],
  ])('should map Tencent %i to %s and handle it with %s', (errorCode, code, handling) => {
    const error = toTencentError({
      errorCode,
      errorInfo: 'info',
      connectorId: 'tencent',
      route: 'POST /v4/x/y',
    });

    expect(error).toMatchObject({ code, platformCode: errorCode, connectorId: 'tencent' });
    expect(tencentErrorEntry(errorCode).handling).toBe(handling);
  });

  it('should ask for at least a minute of pause when too many sig checks failed (70050)', () => {
    const error = toTencentError({ errorCode: 70050, connectorId: 'tencent', route: 'r' });

    expect(error.code).toBe(PlatformErrorCode.RATE_LIMITED);
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(60_000);
  });

  it('should name the route, the code, its meaning and the platform text when it builds the message', () => {
    const error = toTencentError({
      errorCode: 71000,
      errorInfo: 'trial only',
      connectorId: 'tencent',
      route: 'POST /v4/a/b',
    });

    expect(error.message).toBe(
      'POST /v4/a/b failed with Tencent error 71000 (delete not allowed on Pro or Flagship apps): trial only',
    );
  });
});
