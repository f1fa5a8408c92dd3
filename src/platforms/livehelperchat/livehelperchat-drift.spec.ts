import type { SettingChange } from '@app/platforms/chat-platform.adapter';
import { PlatformHttpClient } from '@app/platforms/http/platform-http-client';
import { LiveHelperChatClient } from '@app/platforms/livehelperchat/livehelperchat.client';
import { RESENT_FIELD } from '@app/platforms/livehelperchat/livehelperchat-exclusion';
import {
  type IntegrationAccount,
  LiveHelperChatIntegrationEnforcer,
} from '@app/platforms/livehelperchat/livehelperchat-integration.enforcer';
import {
  TEST_API,
  lhcConfig,
  testClock,
} from '@app/platforms/livehelperchat/testing/livehelperchat.fixtures';
import {
  type AssignableApiUserScenario,
  LHC_ROUTES,
  LiveHelperChatSimulator,
  seedAssignableApiUserScenario,
} from '@app/simulator';

const HOUR_MS = 3_600_000;

/**
 * Drift LHC's REST API cannot see: `lh_users` says excluded, the per-department rows that
 * auto-assignment reads do not (finding 1; an admin's edit, a department re-saved, SQL).
 */
describe(`${LiveHelperChatIntegrationEnforcer.name} and drift REST cannot see`, () => {
  let clock: ReturnType<typeof testClock>;
  let sim: LiveHelperChatSimulator;
  let scenario: AssignableApiUserScenario;
  let client: LiveHelperChatClient;
  let sut: LiveHelperChatIntegrationEnforcer;
  let api: IntegrationAccount;

  const enforce = (options: { dryRun?: boolean; scheduled?: boolean } = {}) =>
    sut.enforce([api], { dryRun: options.dryRun ?? false, scheduled: options.scheduled ?? false });
  const rowFlags = () => sim.departmentRows(scenario.apiUserId).map((r) => r.exclude_autoasign);
  // What the back office or SQL leaves behind: rows without the flag, user record unchanged.
  const driftRows = () => sim.editDepartmentRows(scenario.apiUserId, { exclude_autoasign: 0 });
  const fields = (changes: SettingChange[]) => changes.map((c) => [c.field, c.outcome]);

  beforeEach(async () => {
    clock = testClock();
    sim = new LiveHelperChatSimulator({ now: clock.now });
    await sim.start();
    scenario = seedAssignableApiUserScenario(sim, {
      serviceUsername: TEST_API.username,
      apiKey: TEST_API.apiKey,
    });
    const config = lhcConfig(sim.baseUrl);
    const http = new PlatformHttpClient({
      connectorId: config.id,
      baseUrl: config.baseUrl,
      timeoutMs: config.timeoutMs,
      rateLimit: config.rateLimit,
      redactor: { redact: (text: string) => text },
      backoffMs: 1,
    });
    client = new LiveHelperChatClient({ config, http });
    sut = new LiveHelperChatIntegrationEnforcer(client, { reassertEveryMs: 24 * HOUR_MS, now: clock.now });
    api = { operatorKey: 'api', remoteId: String(scenario.apiUserId) };
    await enforce(); // excluded and offline everywhere, as a first run leaves it
    driftRows();
    sim.resetCounters();
  });

  afterEach(async () => {
    await client.close();
    expect(sim.validationErrors()).toEqual([]);
    await sim.stop();
  });

  it('should see nothing and write nothing when a manual run meets drift it cannot read', async () => {
    await expect(enforce()).resolves.toEqual([]);

    expect(sim.writeCalls()).toBe(0);
    expect(rowFlags()).toEqual([0, 0]);
  });

  it('should re-send the exclusion with the departments, audited, when a scheduled run finds it due', async () => {
    clock.advance(24 * 3600);

    const changes = await enforce({ scheduled: true });

    expect(changes).toEqual([
      { operatorKey: 'api', field: RESENT_FIELD, before: null, after: 1, outcome: 'applied' },
    ]);
    expect(rowFlags()).toEqual([1, 1]);
    expect(sim.requests(LHC_ROUTES.updateUser).map((r) => r.body)).toEqual([
      {
        exclude_autoasign: true,
        hide_online: true,
        departments: scenario.departmentIds,
        departments_read: [],
      },
    ]);
  });

  it('should wait a full period after its last write before it re-sends blind again', async () => {
    clock.advance(23 * 3600);
    await expect(enforce({ scheduled: true })).resolves.toEqual([]);
    clock.advance(3600);
    expect(fields(await enforce({ scheduled: true }))).toEqual([[RESENT_FIELD, 'applied']]);
    clock.advance(60);

    await expect(enforce({ scheduled: true })).resolves.toEqual([]);
    expect(sim.writeCalls()).toBe(1);
  });

  it('should never re-send blind when the run is a dry run', async () => {
    clock.advance(48 * 3600);

    await expect(enforce({ dryRun: true, scheduled: true })).resolves.toEqual([]);
    expect(sim.writeCalls()).toBe(0);
  });

  it('should re-send at once, whatever it reads, when a chat landed on the account', async () => {
    const changes = await sut.reexclude(api);

    expect(fields(changes)).toEqual([[RESENT_FIELD, 'applied']]);
    expect(rowFlags()).toEqual([1, 1]);
  });

  it('should re-send the exclusion before it hands back a chat the account owns when a run sweeps', async () => {
    sim.seed({ chats: [{ id: 41, depId: scenario.departmentIds[0], userId: scenario.apiUserId }] });

    const changes = await enforce();

    expect(changes).toEqual([
      expect.objectContaining({ field: RESENT_FIELD, outcome: 'applied' }),
      {
        operatorKey: 'api',
        field: 'chat.owner',
        before: { chatId: '41', owner: String(scenario.apiUserId) },
        after: { chatId: '41', status: 'pending' },
        outcome: 'applied',
      },
    ]);
    const writes = sim.requests().filter((r) => r.method !== 'GET');
    expect(writes.map((r) => r.routeKey)).toEqual([LHC_ROUTES.updateUser, LHC_ROUTES.setChatStatus]);
    expect(sim.chat(41)).toMatchObject({ status: 0, user_id: 0 });
  });

  it('should hand the chat to a human, not back to the account, at LHC next workflow cycle', async () => {
    sim.seed({ chats: [{ id: 42, depId: scenario.departmentIds[0], userId: scenario.apiUserId }] });
    sim.touch(scenario.humanUserId);
    await enforce();
    clock.advance(1);

    await sim.runWorkflow();
    await sim.runWorkflow();

    expect(sim.chat(42)?.user_id).toBe(scenario.humanUserId);
  });

  it('should plan the re-send and the hand-back without writing when the sweep is a dry run', async () => {
    sim.seed({
      chats: [{ id: 43, depId: scenario.departmentIds[0], userId: scenario.apiUserId, status: 1 }],
    });

    const changes = await enforce({ dryRun: true });

    expect(fields(changes)).toEqual([
      [RESENT_FIELD, 'planned'],
      ['chat.owner', 'planned'],
    ]);
    expect(sim.writeCalls()).toBe(0);
  });

  it('should record a refused hand-back as failed and go on when LHC says no', async () => {
    sim.seed({ chats: [{ id: 44, depId: scenario.departmentIds[0], userId: scenario.apiUserId }] });
    sim.inject({
      kind: 'status',
      status: 400,
      route: LHC_ROUTES.setChatStatus,
      body: { error: true, result: "No object of class 'erLhcoreClassModelChat' with id '44'." },
    });

    const changes = await enforce();

    expect(changes.at(-1)).toMatchObject({ field: 'chat.owner', outcome: 'failed' });
  });

  it('should not re-send blind to an account without department rows when one is due', async () => {
    const own = { operatorKey: 'bridge (API user)', remoteId: String(scenario.serviceUserId) };
    await sut.enforce([own], { dryRun: false, scheduled: false });
    sim.resetCounters();
    clock.advance(48 * 3600);

    await expect(sut.enforce([own], { dryRun: false, scheduled: true })).resolves.toEqual([]);
    expect(sim.writeCalls()).toBe(0);
  });
});
