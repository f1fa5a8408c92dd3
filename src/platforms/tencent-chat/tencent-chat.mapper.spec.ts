import { PlatformErrorCode } from '@app/core/platform-error';
import {
  isFailure,
  isUserIdTooLong,
  parseEnvelope,
  parseOnlineStatus,
  toRemoteOperator,
} from '@app/platforms/tencent-chat/tencent-chat.mapper';

const WHERE = { connectorId: 'tencent', route: 'POST /v4/openim/query_online_status' };
const envelope = (extra: Record<string, unknown> = {}) =>
  parseEnvelope({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ...extra }, 'tencent', WHERE.route);

describe(parseEnvelope.name, () => {
  it('should report a failure when the HTTP 200 body carries a non-zero ErrorCode', () => {
    const parsed = parseEnvelope(
      { ActionStatus: 'FAIL', ErrorCode: 70107, ErrorInfo: 'no user' },
      'tencent',
      'r',
    );

    expect(isFailure(parsed)).toBe(true);
    expect(parsed.ErrorCode).toBe(70107);
  });

  it('should treat a missing ErrorCode as 0 when ActionStatus is OK', () => {
    expect(isFailure(parseEnvelope({ ActionStatus: 'OK' }, 'tencent', 'r'))).toBe(false);
  });

  it.each([
    ['an HTML page', '<html>maintenance</html>'],
    ['a JSON array', []],
    ['no ActionStatus', { ErrorCode: 0 }],
    ['FAIL without an ErrorCode', { ActionStatus: 'FAIL' }],
  ])('should throw INVALID_RESPONSE when the body is %s', (_case, data) => {
    expect(() => parseEnvelope(data, 'tencent', 'r')).toThrow(
      expect.objectContaining({ code: PlatformErrorCode.INVALID_RESPONSE }) as Error,
    );
  });
});

describe(parseOnlineStatus.name, () => {
  it('should read State and Status alike when both spellings appear', () => {
    const response = envelope({
      QueryResult: [
        { To_Account: 'a', State: 'Online' },
        { To_Account: 'b', Status: 'Offline' },
      ],
      ErrorList: [{ To_Account: 'c', ErrorCode: 70107 }],
    });

    expect(parseOnlineStatus(response, WHERE)).toEqual({
      states: [
        { userId: 'a', state: 'Online' },
        { userId: 'b', state: 'Offline' },
      ],
      errors: [{ userId: 'c', code: 70107 }],
    });
  });

  it('should throw INVALID_RESPONSE when a state is unknown', () => {
    const response = envelope({ QueryResult: [{ To_Account: 'a', State: 'Away' }] });

    expect(() => parseOnlineStatus(response, WHERE)).toThrow('unknown state for a');
  });
});

describe(toRemoteOperator.name, () => {
  it.each([
    [undefined, 'active'],
    [null, 'active'],
    ['active', 'active'],
    ['inactive', 'inactive'],
    ['deleted', 'inactive'],
  ] as const)('should report %s from the link as %s', (linkStatus, status) => {
    expect(toRemoteOperator({ userId: 'u', key: 'k', linkStatus }).status).toBe(status);
  });
});

describe(isUserIdTooLong.name, () => {
  it('should count bytes, not characters, when the UserID is not ASCII', () => {
    expect(isUserIdTooLong('a'.repeat(32))).toBe(false);
    expect(isUserIdTooLong('é'.repeat(17))).toBe(true);
  });
});
