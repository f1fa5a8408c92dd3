import type { DesiredOperator } from '@app/core/operator.types';
import { capabilitiesOf } from '@app/platforms/adapter-capabilities';
import { PlatformErrorCode } from '@app/core/platform-error';
import {
  type TencentChatAdapter,
  createTencentChatAdapter,
} from '@app/platforms/tencent-chat/tencent-chat.adapter';
import {
  TEST_APP,
  recordingContext,
  tencentConfig,
} from '@app/platforms/tencent-chat/testing/tencent-chat.fixtures';
import { TENCENT_ROUTES, TencentChatSimulator, type TencentSimulatorOptions } from '@app/simulator';

const operator = (key: string, overrides: Partial<DesiredOperator> = {}): DesiredOperator => ({
  key,
  name: `Name ${key}`,
  email: `${key}@example.com`,
  role: 'agent',
  status: 'active',
  ...overrides,
});

describe('TencentChatAdapter with Desk and webhooks', () => {
  let sim: TencentChatSimulator;
  let context: ReturnType<typeof recordingContext>;
  let sut: TencentChatAdapter;

  const start = async (simOptions: Partial<TencentSimulatorOptions> = {}, desk = false, prefix = '') => {
    sim = new TencentChatSimulator({ ...TEST_APP, desk, ...simOptions });
    await sim.start();
    context = recordingContext();
    sut = createTencentChatAdapter(
      tencentConfig(sim.baseUrl, { options: { desk, userIdPrefix: prefix } }),
      context,
    );
  };

  afterEach(async () => {
    await sut.close();
    await sim.stop();
  });

  describe('with Desk', () => {
    beforeEach(() => start({ restReasons: ['lunch'] }, true, 'cb_'));

    it('should offer an availability writer when Desk is on', () => {
      expect(capabilitiesOf(sut)).toContain('availability.write');
      expect(typeof sut.availabilityWrite?.write).toBe('function');
    });

    it('should derive the UserID from the prefix and the key', async () => {
      const result = await sut.createOperators({ operators: [operator('anna')] });

      expect(result.created[0].remote.remoteId).toBe('cb_anna');
      expect(sim.account('cb_anna')).toBeDefined();
    });

    it.each([
      ['online', 'STATUS_FREE'],
      ['busy', 'STATUS_REST'],
      ['offline', 'STATUS_NOT_READY'],
    ] as const)('should set the Desk member to %s → %s by e-mail', async (availability, status) => {
      sim.seed({ deskMembers: [{ email: 'anna@example.com', status: 'STATUS_FREE' }] });

      await sut.availabilityWrite!.write({ remoteId: 'cb_anna', operator: operator('anna'), availability });

      expect(sim.deskMember('anna@example.com')?.status).toBe(status);
      expect(sim.requests(TENCENT_ROUTES.setMemberStatus)[0].body).not.toHaveProperty('RestReason');
    });

    it('should reject setting availability when the operator has no e-mail', async () => {
      const noMail = operator('anna', { email: undefined });

      await expect(
        sut.availabilityWrite!.write({ remoteId: 'cb_anna', operator: noMail, availability: 'online' }),
      ).rejects.toMatchObject({
        code: PlatformErrorCode.REJECTED,
      });
      expect(sim.totalCalls()).toBe(0);
    });

    it('should kick and set the Desk member NOT_READY when the operator becomes inactive', async () => {
      sim.seed({
        accounts: [{ userId: 'cb_anna' }],
        deskMembers: [{ email: 'anna@example.com', status: 'STATUS_FREE' }],
      });

      await sut.updateOperator({
        remoteId: 'cb_anna',
        operator: operator('anna'),
        changes: { status: 'inactive' },
      });

      expect(sim.kickCount('cb_anna')).toBe(1);
      expect(sim.deskMember('anna@example.com')?.status).toBe('STATUS_NOT_READY');
    });

    it('should still deactivate when the operator has no Desk seat', async () => {
      sim.seed({ accounts: [{ userId: 'cb_anna' }] });

      await sut.updateOperator({
        remoteId: 'cb_anna',
        operator: operator('anna'),
        changes: { status: 'inactive' },
      });

      expect(sim.kickCount('cb_anna')).toBe(1);
    });

    it('should answer NOT_FOUND when the account to deactivate does not exist', async () => {
      await expect(
        sut.updateOperator({
          remoteId: 'cb_ghost',
          operator: operator('ghost'),
          changes: { status: 'inactive' },
        }),
      ).rejects.toMatchObject({ code: PlatformErrorCode.NOT_FOUND });
      expect(sim.calls(TENCENT_ROUTES.setMemberStatus)).toBe(0);
    });
  });

  describe('webhooks', () => {
    beforeEach(() => start());

    it('should verify callbacks with the configured token and SDKAppID', () => {
      const query = { SdkAppid: String(TEST_APP.sdkAppId) };

      expect(
        sut.webhooks.verify({ headers: {}, query, rawBody: Buffer.from('{}'), receivedAt: new Date() }),
      ).toEqual({
        ok: false,
        reason: 'Sign or RequestTime missing',
      });
    });
  });
});
