import {
  type LiveHelperChatAdapter,
  createLiveHelperChatAdapter,
} from '@app/platforms/livehelperchat/livehelperchat.adapter';
import { LiveHelperChatIntegrationEnforcer } from '@app/platforms/livehelperchat/livehelperchat-integration.enforcer';
import {
  TEST_API,
  lhcConfig,
  operator,
  recordingContext,
  testClock,
} from '@app/platforms/livehelperchat/testing/livehelperchat.fixtures';
import {
  type AssignableApiUserScenario,
  LHC_ROUTES,
  LiveHelperChatSimulator,
  seedAssignableApiUserScenario,
} from '@app/simulator';

describe(LiveHelperChatIntegrationEnforcer.name, () => {
  let clock: ReturnType<typeof testClock>;
  let sim: LiveHelperChatSimulator;
  let scenario: AssignableApiUserScenario;
  let sut: LiveHelperChatAdapter;

  const integration = () => [
    { operator: operator('api', { role: 'integration' }), remoteId: String(scenario.apiUserId) },
  ];
  const enforce = (dryRun = false) => sut.settings.enforce({ integrationAccounts: integration(), dryRun });
  const chatGoesTo = async (depId: number): Promise<number | undefined> => {
    // One assignment per second at most: last_accepted must be older than now.
    clock.advance(1);
    const chatId = sim.startChat(depId);
    const result = await sim.autoAssign(chatId);
    return result.assigned ? result.userId : undefined;
  };

  beforeEach(async () => {
    clock = testClock();
    sim = new LiveHelperChatSimulator({ now: clock.now });
    await sim.start();
    scenario = seedAssignableApiUserScenario(sim, {
      serviceUsername: TEST_API.username,
      apiKey: TEST_API.apiKey,
    });
    sut = createLiveHelperChatAdapter(lhcConfig(sim.baseUrl), recordingContext());
  });

  afterEach(async () => {
    await sut.close();
    expect(sim.validationErrors()).toEqual([]);
    await sim.stop();
  });

  it('should give a chat to the integration account when nothing was enforced yet', async () => {
    // The human took the first chat; the API user is next in line (last_accepted ASC).
    const first = await chatGoesTo(scenario.departmentIds[0]);
    const second = await chatGoesTo(scenario.departmentIds[0]);

    expect([first, second]).toContain(scenario.apiUserId);
  });

  it('should send exclude_autoasign with the complete departments and hide_online when the account drifted', async () => {
    const changes = await enforce();

    const puts = sim.requests(LHC_ROUTES.updateUser).filter((r) => r.path.endsWith(`/${scenario.apiUserId}`));
    expect(puts.map((r) => r.body)).toEqual([
      {
        exclude_autoasign: true,
        hide_online: true,
        departments: scenario.departmentIds,
        departments_read: [],
      },
    ]);
    expect(changes).toContainEqual({
      operatorKey: 'api',
      field: 'hide_online',
      before: 0,
      after: 1,
      outcome: 'applied',
    });
    expect(sim.departmentRows(scenario.apiUserId).map((r) => [r.exclude_autoasign, r.hide_online])).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it('should never let the integration account receive a chat when enforcement has run', async () => {
    await enforce();

    const owners = [];
    for (let i = 0; i < 4; i++) {
      owners.push(await chatGoesTo(scenario.departmentIds[i % 2]));
    }

    expect(owners).not.toContain(scenario.apiUserId);
    expect(owners.filter((o) => o === scenario.humanUserId)).toHaveLength(4);
  });

  it('should keep the account out of assignment by exclusion alone when someone sets it online again', async () => {
    await enforce();
    await sim.operatorSetsOnline(scenario.apiUserId, true);
    sim.touch(scenario.apiUserId);

    const owners = [await chatGoesTo(scenario.departmentIds[0]), await chatGoesTo(scenario.departmentIds[1])];

    expect(owners).toEqual([scenario.humanUserId, scenario.humanUserId]);
  });

  it('should also enforce the connector own API account, named, when it is not in the directory', async () => {
    const changes = await enforce();

    expect(
      changes.filter((c) => c.operatorKey === 'bridge (API user)').map((c) => [c.field, c.outcome]),
    ).toEqual([
      ['exclude_autoasign', 'applied'],
      ['hide_online', 'applied'],
    ]);
    expect(sim.user(scenario.serviceUserId)).toMatchObject({ exclude_autoasign: 1, hide_online: 1 });
    // All departments only: no explicit department row to rebuild, so no `departments` is sent.
    const put = sim
      .requests(LHC_ROUTES.updateUser)
      .find((r) => r.path.endsWith(`/${scenario.serviceUserId}`));
    expect(put?.body).toEqual({ exclude_autoasign: true, hide_online: true });
    expect(sim.departmentRows(scenario.serviceUserId).map((r) => r.dep_id)).toEqual([0]);
  });

  it('should return nothing and write nothing when a second run finds nothing drifted', async () => {
    await enforce();
    sim.resetCounters();

    await expect(enforce()).resolves.toEqual([]);
    expect(sim.writeCalls()).toBe(0);
  });

  it('should plan without writing when the run is a dry run', async () => {
    const changes = await enforce(true);

    expect(changes.every((c) => c.outcome === 'planned')).toBe(true);
    expect(changes.map((c) => c.field)).toEqual(['hide_online', 'exclude_autoasign', 'hide_online']);
    expect(sim.writeCalls()).toBe(0);
  });

  it('should never send update_activity when it reads and writes', async () => {
    await enforce();

    expect(sim.requests().filter((r) => 'update_activity' in r.query)).toEqual([]);
  });

  it('should report always_on as failed with the manual fix when REST cannot clear it', async () => {
    sim.seed({ users: [{ username: 'bot', alwaysOn: true, excludeAutoassign: true, hideOnline: true }] });
    const bot = sim.userByUsername('bot')!;

    const changes = await sut.settings.enforce({
      integrationAccounts: [{ operator: operator('bot', { role: 'integration' }), remoteId: String(bot.id) }],
      dryRun: false,
    });

    expect(changes).toEqual([
      expect.objectContaining({
        operatorKey: 'bot',
        field: 'always_on',
        outcome: 'failed',
        before: 1,
        after: 0,
      }),
      ...[0, 0].map(() => expect.objectContaining({ operatorKey: 'bridge (API user)', outcome: 'applied' })),
    ]);
    expect(changes[0].error).toContain('untick "Always online"');
  });

  it('should report a department-group row as failed when the PUT could not rebuild it', async () => {
    sim.seed({
      departmentGroups: [{ id: 7, name: 'Night shift', departmentIds: [scenario.departmentIds[1]] }],
      users: [
        {
          username: 'grouped',
          departments: [scenario.departmentIds[0]],
          departmentGroups: [7],
          active: true,
        },
      ],
    });
    const grouped = sim.userByUsername('grouped')!;

    const changes = await sut.settings.enforce({
      integrationAccounts: [
        { operator: operator('grouped', { role: 'integration' }), remoteId: String(grouped.id) },
      ],
      dryRun: false,
    });

    expect(changes.filter((c) => c.operatorKey === 'grouped').map((c) => [c.field, c.outcome])).toEqual([
      ['exclude_autoasign', 'applied'],
      ['hide_online', 'applied'],
      [`exclude_autoasign@department:${scenario.departmentIds[1]}`, 'failed'],
    ]);
    const groupRow = sim.departmentRows(grouped.id).find((r) => r.type === 1)!;
    expect([groupRow.exclude_autoasign, groupRow.hide_online]).toEqual([0, 1]);
  });

  it('should mark the change failed when the read-back does not show the flag', async () => {
    // The PUT answers as LHC would, but nothing is stored (a proxy swallowed it).
    const echo = { error: false, result: { ...sim.user(scenario.apiUserId), exclude_autoasign: 1 } };
    sim.inject({ kind: 'status', status: 200, route: LHC_ROUTES.updateUser, body: echo });

    const changes = await enforce();

    expect(changes.find((c) => c.operatorKey === 'api' && c.field === 'hide_online')).toMatchObject({
      outcome: 'failed',
      error: 'read back hide_online=0',
    });
  });

  it('should keep the read-only departments read-only when it rebuilds the rows', async () => {
    const [sales, support] = scenario.departmentIds;
    sim.seed({ users: [{ username: 'reader', departments: [sales], departmentsRead: [support] }] });
    const reader = sim.userByUsername('reader')!;

    await sut.settings.enforce({
      integrationAccounts: [
        { operator: operator('reader', { role: 'integration' }), remoteId: String(reader.id) },
      ],
      dryRun: false,
    });

    const rows = sim.departmentRows(reader.id).map((r) => [r.dep_id, r.ro, r.exclude_autoasign]);
    expect(rows.sort()).toEqual([
      [sales, 0, 1],
      [support, 1, 1],
    ]);
  });

  it('should skip a disabled account when it has no department rows to enforce', async () => {
    sim.seed({ users: [{ username: 'old', departments: [1], disabled: true }] });
    const old = sim.userByUsername('old')!;

    const changes = await sut.settings.enforce({
      integrationAccounts: [{ operator: operator('old', { role: 'integration' }), remoteId: String(old.id) }],
      dryRun: true,
    });

    expect(changes.filter((c) => c.operatorKey === 'old')).toEqual([]);
  });
});
