import { PlatformErrorCode } from '@app/core/platform-error';
import {
  parseOperators,
  parseToken,
  toChatHubStatus,
  toRemoteOperator,
} from '@app/platforms/smsbat-chathub/smsbat-chathub.mapper';

describe(toRemoteOperator.name, () => {
  it.each([
    [0, 'active'],
    [1, 'inactive'],
    [2, 'deleted'],
  ] as const)('should map ChatHub status %i to %s', (code, status) => {
    expect(toRemoteOperator({ id: 104, name: ' John Smith', status: code })).toEqual({
      remoteId: '104',
      name: ' John Smith',
      status,
    });
  });
});

describe(toChatHubStatus.name, () => {
  it('should map canonical statuses to 0/1/2', () => {
    expect([toChatHubStatus('active'), toChatHubStatus('inactive'), toChatHubStatus('deleted')]).toEqual([
      0, 1, 2,
    ]);
  });
});

describe(parseOperators.name, () => {
  it('should accept the documented list shape, organization included', () => {
    const list = [{ id: 1, name: 'Alex', status: 0, organization: { id: 24, name: 'Support' } }];
    expect(parseOperators(list, 'chathub', 'GET /api/operator')).toEqual(list);
  });

  it.each([
    ['an HTML error page', '<html>502</html>'],
    ['an object instead of a list', { operators: [] }],
    ['an operator without a name', [{ id: 1, status: 0 }]],
    ['an unknown status', [{ id: 1, name: 'Alex', status: 7 }]],
    ['a non-integer id', [{ id: '1', name: 'Alex', status: 0 }]],
  ])('should fail with INVALID_RESPONSE when ChatHub answers %s', (_label, data) => {
    expect(() => parseOperators(data, 'chathub', 'GET /api/operator')).toThrow(
      expect.objectContaining({ code: PlatformErrorCode.INVALID_RESPONSE, connectorId: 'chathub' }),
    );
  });
});

describe(parseToken.name, () => {
  it('should accept the bare JWT string and the {token, expiration} object (both documented)', () => {
    expect(parseToken('a.b.c', 'chathub')).toBe('a.b.c');
    expect(parseToken({ token: ' a.b.c ', expiration: '2026-12-01T00:00:00Z' }, 'chathub')).toBe('a.b.c');
  });

  it.each([[''], [{}], [null], [{ token: 42 }]])(
    'should fail with INVALID_RESPONSE when the answer is %j',
    (data) => {
      expect(() => parseToken(data, 'chathub')).toThrow(
        expect.objectContaining({ code: PlatformErrorCode.INVALID_RESPONSE }),
      );
    },
  );
});
