import { capabilitiesOf } from '@app/platforms/adapter-capabilities';
import {
  LiveHelperChatAdapter,
  createLiveHelperChatAdapter,
} from '@app/platforms/livehelperchat/livehelperchat.adapter';
import {
  TEST_API,
  lhcConfig,
  operator,
  recordingContext,
  testClock,
} from '@app/platforms/livehelperchat/testing/livehelperchat.fixtures';
import { PlatformErrorCode } from '@app/core/platform-error';
import { LHC_ROUTES, LiveHelperChatSimulator } from '@app/simulator';

describe(LiveHelperChatAdapter.name, () => {
  let clock: ReturnType<typeof testClock>;
  let sim: LiveHelperChatSimulator;
  let context: ReturnType<typeof recordingContext>;
  let sut: LiveHelperChatAdapter;
  const idOf = (username: string) => String(sim.userByUsername(username)!.id);

  beforeEach(async () => {
    clock = testClock();
    sim = new LiveHelperChatSimulator({ now: clock.now });
    await sim.start();
    sim.seed({
      departments: [
        { id: 1, name: 'Sales', autoAssign: true },
        { id: 2, name: 'Support' },
      ],
      users: [
        {
          username: TEST_API.username,
          email: 'bridge@example.invalid',
          name: 'chat-bridge',
          allDepartments: true,
        },
        { username: 'anna', email: 'anna@example.com', name: 'Anna', surname: 'Kovalenko', departments: [1] },
        { username: 'mike', email: 'mike@example.com', name: 'Mike', disabled: true },
      ],
      apiKeys: [{ username: TEST_API.username, apiKey: TEST_API.apiKey }],
    });
    context = recordingContext();
    sut = createLiveHelperChatAdapter(lhcConfig(sim.baseUrl), context);
  });

  afterEach(async () => {
    await sut.close();
    expect(sim.validationErrors()).toEqual([]);
    await sim.stop();
  });

  it('should declare its capabilities and operator model when built', () => {
    expect(capabilitiesOf(sut)).toEqual([
      'operators.read',
      'operators.write',
      'availability.read',
      'availability.write',
      'webhooks',
    ]);
    expect(sut.operatorModel).toEqual({
      matchBy: 'email',
      updatableFields: ['name', 'email'],
      statuses: ['active', 'inactive'],
      hardDelete: true,
      statusStored: true,
    });
  });

  it('should list every user with its status and mark the API account when listing', async () => {
    await expect(sut.listOperators()).resolves.toEqual([
      {
        remoteId: idOf('bridge'),
        name: 'chat-bridge',
        email: 'bridge@example.invalid',
        username: 'bridge',
        status: 'active',
        role: 'integration',
      },
      {
        remoteId: idOf('anna'),
        name: 'Anna Kovalenko',
        email: 'anna@example.com',
        username: 'anna',
        status: 'active',
      },
      {
        remoteId: idOf('mike'),
        name: 'Mike',
        email: 'mike@example.com',
        username: 'mike',
        status: 'inactive',
      },
    ]);
  });

  it('should pass the connection check when its own API user is listed', async () => {
    await sut.checkConnection();

    expect(sim.requests(LHC_ROUTES.getUsers).map((r) => r.query)).toEqual([{ username: 'bridge' }]);
  });

  it('should fail with AUTH_FAILED when LHC answers HTTP 200 with error true', async () => {
    sut = createLiveHelperChatAdapter(lhcConfig(sim.baseUrl, { auth: { apiKey: 'revoked' } }), context);

    await expect(sut.checkConnection()).rejects.toMatchObject({
      code: PlatformErrorCode.AUTH_FAILED,
      status: 200,
      message: 'GET /restapi/getusers refused: Authorization failed!',
    });
  });

  it('should send groups, departments and a strong password when it creates a user for an operator key', async () => {
    const result = await sut.createOperators({
      operators: [operator('olena', { name: 'Olena Petrenko', email: 'olena@example.com' })],
    });

    const [sent] = sim.requests(LHC_ROUTES.createUser);
    const body = sent.body as Record<string, unknown>;
    expect(body).toMatchObject({
      username: 'olena',
      email: 'olena@example.com',
      name: 'Olena',
      surname: 'Petrenko',
      user_groups: [3],
      departments: [1, 2],
      departments_read: [],
    });
    expect(body.password).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)(?=.*[^A-Za-z\d]).{32}$/);
    expect(result).toEqual({
      created: [
        {
          key: 'olena',
          remote: {
            remoteId: idOf('olena'),
            name: 'Olena Petrenko',
            email: 'olena@example.com',
            username: 'olena',
            status: 'active',
          },
        },
      ],
      failed: [],
      unknown: [],
    });
    expect(JSON.stringify(result)).not.toContain(body.password as string);
    // Only the Basic credentials LHC could echo are registered; a generated password is never reused.
    expect(context.secrets).toEqual([Buffer.from('bridge:test-api-key').toString('base64')]);
  });

  it('should fail one operator with REJECTED and create the others when an e-mail is missing', async () => {
    const result = await sut.createOperators({
      operators: [operator('noemail', { email: undefined }), operator('ok')],
    });

    expect(result.failed).toEqual([
      { key: 'noemail', error: expect.objectContaining({ code: PlatformErrorCode.REJECTED }) },
    ]);
    expect(result.created.map((c) => c.key)).toEqual(['ok']);
  });

  describe('when POST /restapi/user gets no answer', () => {
    let waits: number[];
    let short: LiveHelperChatAdapter;

    beforeEach(() => {
      waits = [];
      const sleep = (ms: number) => {
        waits.push(ms);
        return Promise.resolve();
      };
      short = createLiveHelperChatAdapter(lhcConfig(sim.baseUrl, { timeoutMs: 100 }), { ...context, sleep });
    });

    afterEach(() => short.close());

    it('should adopt the user it created after the wait when the connection dropped after the create', async () => {
      sim.inject({ kind: 'disconnect', route: LHC_ROUTES.createUser, phase: 'after' });

      const result = await short.createOperators({ operators: [operator('olena')] });

      expect(result.created).toEqual([
        {
          key: 'olena',
          remote: expect.objectContaining({ remoteId: idOf('olena'), email: 'olena@example.com' }),
        },
      ]);
      expect(waits).toEqual([1100]);
      expect(sim.calls(LHC_ROUTES.createUser)).toBe(1);
    });

    it('should send the user once more when three reads after the wait do not find it', async () => {
      sim.inject({ kind: 'timeout', route: LHC_ROUTES.createUser });

      const result = await short.createOperators({ operators: [operator('olena')] });

      expect(result.created).toEqual([
        { key: 'olena', remote: expect.objectContaining({ remoteId: idOf('olena') }) },
      ]);
      expect(waits).toEqual([1100, 2000, 4000]);
      expect(sim.calls(LHC_ROUTES.createUser)).toBe(2);
    });

    it('should report unknown, after one re-send, when the re-send is not answered either', async () => {
      sim.inject({ kind: 'timeout', route: LHC_ROUTES.createUser, times: 2 });

      const result = await short.createOperators({ operators: [operator('olena')] });

      expect(result.unknown.map((u) => u.key)).toEqual(['olena']);
      expect(result.unknown[0].error.outcomeUnknown).toBe(true);
      expect(result.failed).toEqual([]);
      expect(sim.calls(LHC_ROUTES.createUser)).toBe(2);
      expect(sim.userByUsername('olena')).toBeUndefined();
    });
  });

  it('should refuse to adopt a user when the derived username belongs to someone else', async () => {
    const result = await sut.createOperators({
      operators: [operator('anna', { email: 'other@example.com' })],
    });

    expect(result.failed[0].error).toMatchObject({ code: PlatformErrorCode.REJECTED });
    expect(result.failed[0].error.message).toContain(`belongs to another user (${idOf('anna')})`);
  });

  it('should send one PUT with the name split, the e-mail and disabled when several fields change', async () => {
    await sut.updateOperator({
      remoteId: idOf('anna'),
      operator: operator('anna'),
      changes: { name: 'Anna Maria Kovalenko', email: 'anna.k@example.com', status: 'inactive' },
    });

    expect(sim.requests(LHC_ROUTES.updateUser).map((r) => r.body)).toEqual([
      { name: 'Anna', surname: 'Maria Kovalenko', email: 'anna.k@example.com', disabled: true },
    ]);
    expect(sim.departmentRows(Number(idOf('anna')))).toEqual([]);
  });

  it('should make no call when an update changes nothing LHC stores', async () => {
    await sut.updateOperator({ remoteId: idOf('anna'), operator: operator('anna'), changes: {} });

    expect(sim.totalCalls()).toBe(0);
  });

  it('should treat an already deleted user as done when deleting', async () => {
    await sut.deleteOperator({ remoteId: idOf('mike') });
    await sut.deleteOperator({ remoteId: '999' });

    expect(sim.userByUsername('mike')).toBeUndefined();
    expect(sim.calls(LHC_ROUTES.deleteUser)).toBe(2);
  });

  it.each([
    ['online', '1', 0],
    ['busy', '0', 1],
    ['offline', '0', 1],
  ] as const)('should call setonlinestatus with %s → %s', async (availability, flag, hidden) => {
    await sut.availabilityWrite.write({ remoteId: idOf('anna'), operator: operator('anna'), availability });

    expect(sim.requests(LHC_ROUTES.setOnlineStatus)[0].path).toBe(
      `/restapi/setonlinestatus/${idOf('anna')}/${flag}`,
    );
    expect(sim.user(Number(idOf('anna')))!.hide_online).toBe(hidden);
  });

  it('should read availability from is_online and the nested user, weak when LHC decided', async () => {
    sim.seed({
      users: [
        { username: 'active', departments: [1], active: true },
        { username: 'ghost', departments: [1], active: true, invisible: true },
        { username: 'away', departments: [1], active: true, hideOnline: true },
      ],
    });
    const ids = ['anna', 'active', 'ghost', 'away'].map(idOf);

    const readings = await sut.availabilityRead.read({ remoteIds: ids });

    expect(readings.sort((a, b) => Number(a.remoteId) - Number(b.remoteId))).toEqual([
      { remoteId: ids[0], availability: 'offline', weak: true },
      { remoteId: ids[1], availability: 'online' },
      { remoteId: ids[2], availability: 'busy' },
      { remoteId: ids[3], availability: 'offline' },
    ]);
  });

  it('should hand a chat back to pending with form fields when it is released', async () => {
    sim.seed({ chats: [{ id: 44, depId: 1, userId: Number(idOf('anna')) }] });

    await sut.chatRelease.release({ chatId: '44' });

    expect(sim.chat(44)).toMatchObject({ status: 0, user_id: 0 });
    expect(sim.requests(LHC_ROUTES.setChatStatus)[0].headers['content-type']).toContain(
      'x-www-form-urlencoded',
    );
  });

  it('should fail with NOT_FOUND when the released chat does not exist', async () => {
    await expect(sut.chatRelease.release({ chatId: '404' })).rejects.toMatchObject({
      code: PlatformErrorCode.NOT_FOUND,
    });
  });
});
