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
import { decodeUserSig } from '@app/platforms/tencent-chat/tencent-usersig';
import { TENCENT_ROUTES, TencentChatSimulator, type TencentSimulatorOptions } from '@app/simulator';

const operator = (key: string, overrides: Partial<DesiredOperator> = {}): DesiredOperator => ({
  key,
  name: `Name ${key}`,
  email: `${key}@example.com`,
  role: 'agent',
  status: 'active',
  ...overrides,
});

describe('TencentChatAdapter', () => {
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

  describe('without Desk', () => {
    beforeEach(() => start());

    it('should offer no availability writer when Desk is off', () => {
      expect(capabilitiesOf(sut)).toEqual([
        'operators.read',
        'operators.write',
        'availability.read',
        'webhooks',
        'assignment',
      ]);
      expect(sut.availabilityWrite).toBeUndefined();
      expect(sut.operatorModel).toEqual({
        matchBy: 'key',
        updatableFields: ['name'],
        statuses: ['active', 'inactive'],
        hardDelete: true,
        statusStored: false,
      });
    });

    it('should pass its connection check by checking the admin account', async () => {
      await sut.checkConnection();

      expect(sim.requests(TENCENT_ROUTES.accountCheck)[0].body).toEqual({
        CheckItem: [{ UserID: 'administrator' }],
      });
    });

    it('should register every admin UserSig it signs as a secret', async () => {
      await sut.checkConnection();

      expect(context.secrets).toHaveLength(1);
      expect(decodeUserSig(context.secrets[0])['TLS.identifier']).toBe('administrator');
    });

    it('should list imported candidates and linked accounts with their nicks and link status', async () => {
      sim.seed({
        accounts: [{ userId: 'anna', nick: 'Anna K' }, { userId: 'old-id', nick: 'Bob' }, { userId: 'carl' }],
      });

      const listed = await sut.listOperators({
        candidates: [operator('anna'), operator('carl'), operator('ghost'), operator('x'.repeat(33))],
        links: [
          { operatorKey: 'bob', remoteId: 'old-id', remoteStatus: 'inactive' },
          { operatorKey: 'carl', remoteId: 'carl', remoteStatus: null },
        ],
      });

      expect(listed).toEqual([
        { remoteId: 'anna', key: 'anna', name: 'Anna K', status: 'active' },
        { remoteId: 'carl', key: 'carl', name: '', status: 'active' },
        { remoteId: 'old-id', key: 'bob', name: 'Bob', status: 'inactive' },
      ]);
    });

    it('should make no call when there is nothing to check', async () => {
      await expect(sut.listOperators({ candidates: [], links: [] })).resolves.toEqual([]);
      expect(sim.totalCalls()).toBe(0);
    });

    it('should fail the read when an account is rate limited per item', async () => {
      const body = {
        ActionStatus: 'OK',
        ErrorCode: 0,
        ErrorInfo: '',
        ResultItem: [{ UserID: 'anna', ResultCode: 60018 }],
      };
      sim.inject({ kind: 'status', status: 200, route: TENCENT_ROUTES.accountCheck, body });

      await expect(sut.listOperators({ candidates: [operator('anna')], links: [] })).rejects.toMatchObject({
        code: PlatformErrorCode.RATE_LIMITED,
      });
    });

    it('should import in batches of 100 and set each nick when creating 150 operators', async () => {
      const operators = Array.from({ length: 150 }, (_, i) => operator(`op${i}`));

      const result = await sut.createOperators({ operators });

      expect(result.failed).toEqual([]);
      expect(result.created).toHaveLength(150);
      expect(sim.calls(TENCENT_ROUTES.multiaccountImport)).toBe(2);
      expect(sim.account('op149')?.nick).toBe('Name op149');
    });

    it('should refuse a key whose UserID is longer than 32 bytes and create the rest', async () => {
      const result = await sut.createOperators({ operators: [operator('k'.repeat(33)), operator('fine')] });

      expect(result.created.map((c) => c.remote)).toEqual([
        { remoteId: 'fine', key: 'fine', name: 'Name fine', status: 'active' },
      ]);
      expect(result.failed).toEqual([
        { key: 'k'.repeat(33), error: expect.objectContaining({ code: PlatformErrorCode.REJECTED }) },
      ]);
      expect(result.failed[0].error.message).toContain('longer than 32 bytes');
    });

    it('should fail only the keys Tencent lists in FailAccounts', async () => {
      const body = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', FailAccounts: ['b'] };
      sim.inject({
        kind: 'status',
        status: 200,
        route: TENCENT_ROUTES.multiaccountImport,
        body,
        phase: 'after',
      });

      const result = await sut.createOperators({ operators: [operator('a'), operator('b')] });

      expect(result.created.map((c) => c.key)).toEqual(['a']);
      expect(result.failed).toEqual([
        { key: 'b', error: expect.objectContaining({ code: PlatformErrorCode.REJECTED }) },
      ]);
    });

    describe('when multiaccount_import gets no answer', () => {
      let waits: number[];
      let short: TencentChatAdapter;

      beforeEach(() => {
        waits = [];
        const sleep = (ms: number) => {
          waits.push(ms);
          return Promise.resolve();
        };
        short = createTencentChatAdapter(tencentConfig(sim.baseUrl, { timeoutMs: 100 }), {
          ...recordingContext(),
          sleep,
        });
      });

      afterEach(() => short.close());

      it('should check the account after the wait and set its nick when the connection dropped after the import', async () => {
        sim.inject({ kind: 'disconnect', route: TENCENT_ROUTES.multiaccountImport, phase: 'after' });

        const result = await short.createOperators({ operators: [operator('a')] });

        expect(result.created).toEqual([
          { key: 'a', remote: { remoteId: 'a', key: 'a', name: 'Name a', status: 'active' } },
        ]);
        expect(waits).toEqual([1100]);
        expect(sim.calls(TENCENT_ROUTES.multiaccountImport)).toBe(1);
        expect(sim.account('a')?.nick).toBe('Name a');
      });

      it('should report unknown after three checks and never import again when the account never appears', async () => {
        sim.inject({ kind: 'timeout', route: TENCENT_ROUTES.multiaccountImport });

        const result = await short.createOperators({ operators: [operator('a')] });

        expect(result.unknown.map((u) => u.key)).toEqual(['a']);
        expect(waits).toEqual([1100, 2000, 4000]);
        expect(sim.calls(TENCENT_ROUTES.multiaccountImport)).toBe(1);
        expect(sim.calls(TENCENT_ROUTES.accountCheck)).toBe(3);
        expect(sim.calls(TENCENT_ROUTES.portraitSet)).toBe(0);
      });
    });

    it('should fail the key when its nick cannot be set', async () => {
      const result = await sut.createOperators({ operators: [operator('a', { name: 'n'.repeat(501) })] });

      expect(result.failed).toEqual([{ key: 'a', error: expect.objectContaining({ platformCode: 40601 }) }]);
    });

    it('should set the nick when the name changes', async () => {
      sim.seed({ accounts: [{ userId: 'anna', nick: 'Old' }] });

      await sut.updateOperator({
        remoteId: 'anna',
        operator: operator('anna'),
        changes: { name: ' Anna New ' },
      });

      expect(sim.account('anna')?.nick).toBe('Anna New');
    });

    it('should kick the account when it becomes inactive and call nothing when it becomes active', async () => {
      sim.seed({ accounts: [{ userId: 'anna', state: 'Online' }] });

      await sut.updateOperator({
        remoteId: 'anna',
        operator: operator('anna'),
        changes: { status: 'inactive' },
      });
      await sut.updateOperator({
        remoteId: 'anna',
        operator: operator('anna'),
        changes: { status: 'active' },
      });

      expect(sim.kickCount('anna')).toBe(1);
      expect(sim.writeCalls()).toBe(1);
    });

    it('should delete the account when the app is a Trial app', async () => {
      sim.seed({ accounts: [{ userId: 'anna' }] });

      await sut.deleteOperator({ remoteId: 'anna' });

      expect(sim.account('anna')).toBeUndefined();
    });

    it('should succeed when the account to delete is already gone', async () => {
      await expect(sut.deleteOperator({ remoteId: 'ghost' })).resolves.toBeUndefined();
    });

    it('should kick instead and succeed when a Pro app refuses the delete with 71000', async () => {
      sim.setEdition('pro');
      sim.seed({ accounts: [{ userId: 'anna' }] });

      await sut.deleteOperator({ remoteId: 'anna', operator: operator('anna') });

      expect(sim.account('anna')).toBeDefined();
      expect(sim.kickCount('anna')).toBe(1);
    });

    it('should answer assignment with the configured policy, e-mails and the callback envelope', () => {
      expect(sut.assignment.policy).toEqual({ strategy: 'least-busy', maxAgents: 3 });
      expect(sut.assignment.agentIdOf(operator('anna'))).toBe('anna@example.com');
      expect(sut.assignment.agentIdOf(operator('anna', { email: undefined }))).toBeUndefined();
      expect(sut.assignment.reply({ agentIds: ['anna@example.com'], groupId: 7 })).toEqual({
        ActionStatus: 'OK',
        ErrorInfo: '',
        ErrorCode: 0,
        AgentGroupId: 7,
        AgentIdList: ['anna@example.com'],
      });
    });

    it('should map Online, PushOnline and Offline and leave unknown accounts out when polled', async () => {
      sim.seed({
        accounts: [{ userId: 'a', state: 'Online' }, { userId: 'b', state: 'PushOnline' }, { userId: 'c' }],
      });

      await expect(sut.availabilityRead.read({ remoteIds: ['a', 'b', 'c', 'ghost'] })).resolves.toEqual([
        { remoteId: 'a', availability: 'online' },
        { remoteId: 'b', availability: 'offline', weak: true },
        { remoteId: 'c', availability: 'offline' },
      ]);
    });
  });
});
