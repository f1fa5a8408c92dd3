import {
  displayName,
  parseAccount,
  splitName,
  toAvailabilityReading,
  toFlag,
  toRemoteOperator,
  toUsername,
} from '@app/platforms/livehelperchat/livehelperchat.mapper';
import type { LhcDepartmentRow } from '@app/platforms/livehelperchat/livehelperchat.types';
import { PlatformErrorCode } from '@app/core/platform-error';

const where = { connectorId: 'lhc', route: 'GET /restapi/user/:user_id' };

describe('livehelperchat.mapper', () => {
  describe(toFlag.name, () => {
    it.each([1, '1', true, 'true', 'on', 'yes', 2])('should read true when the flag is %p', (value) => {
      expect(toFlag(value)).toBe(true);
    });

    it.each([0, '0', false, 'false', '', null, undefined, 'maybe'])(
      'should read false when the flag is %p',
      (value) => {
        expect(toFlag(value)).toBe(false);
      },
    );
  });

  describe(splitName.name, () => {
    it.each([
      ['Anna Kovalenko', { name: 'Anna', surname: 'Kovalenko' }],
      ['Anna Maria  Kovalenko', { name: 'Anna', surname: 'Maria  Kovalenko' }],
      ['Cher', { name: 'Cher', surname: '' }],
      ['Odd  Spacing', { name: 'Odd  Spacing', surname: '' }],
    ])('should split %p so that displayName gives it back', (full, parts) => {
      expect(splitName(full)).toEqual(parts);
      expect(displayName(splitName(full))).toBe(full);
    });
  });

  describe(toUsername.name, () => {
    it('should keep a slug and clean anything else when deriving a username', () => {
      expect([toUsername('anna'), toUsername('Anna K/ü'), toUsername('x'.repeat(50)).length]).toEqual([
        'anna',
        'anna-k',
        40,
      ]);
    });
  });

  describe(parseAccount.name, () => {
    it('should read departments_ids without 0 and mark all departments when 0 is in it', () => {
      const account = parseAccount(
        { id: '7', username: 'api', departments_ids: '2,0,5,2', disabled: '1' },
        where,
      );

      expect(account).toMatchObject({ id: '7', departmentIds: [2, 5], allDepartments: true, disabled: true });
    });

    it('should throw INVALID_RESPONSE when the user has no id', () => {
      expect(() => parseAccount({ username: 'x' }, where)).toThrow(
        expect.objectContaining({ code: PlatformErrorCode.INVALID_RESPONSE }),
      );
    });
  });

  describe(toRemoteOperator.name, () => {
    it('should leave the e-mail out when LHC has none and mark the API account', () => {
      const account = parseAccount({ id: 1, username: 'bridge', name: 'Bridge', email: '' }, where);

      expect(toRemoteOperator(account, 'bridge')).toEqual({
        remoteId: '1',
        name: 'Bridge',
        username: 'bridge',
        status: 'active',
        role: 'integration',
      });
    });
  });

  describe(toAvailabilityReading.name, () => {
    const row = (overrides: Partial<LhcDepartmentRow>): LhcDepartmentRow => ({
      userId: '3',
      depId: 1,
      readOnly: false,
      hideOnline: false,
      lastActivity: 0,
      lastAccepted: 0,
      alwaysOn: false,
      isOnline: false,
      ...overrides,
    });

    it('should trust the nested user hide_online over the row when they differ (auto-inactive)', () => {
      const user = parseAccount({ id: 3, username: 'u', hide_online: 0 }, where);

      expect(toAvailabilityReading(row({ hideOnline: true, user }))).toEqual({
        remoteId: '3',
        availability: 'offline',
        weak: true,
      });
    });
  });
});
