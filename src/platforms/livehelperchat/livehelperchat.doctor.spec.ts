import {
  type LiveHelperChatAdapter,
  createLiveHelperChatAdapter,
} from '@app/platforms/livehelperchat/livehelperchat.adapter';
import { diagnoseIntegrationAccounts } from '@app/platforms/livehelperchat/livehelperchat.doctor';
import {
  TEST_API,
  lhcConfig,
  operator,
  recordingContext,
  testClock,
} from '@app/platforms/livehelperchat/testing/livehelperchat.fixtures';
import {
  type AssignableApiUserScenario,
  LiveHelperChatSimulator,
  seedAssignableApiUserScenario,
} from '@app/simulator';

describe(diagnoseIntegrationAccounts.name, () => {
  let sim: LiveHelperChatSimulator;
  let scenario: AssignableApiUserScenario;
  let sut: LiveHelperChatAdapter;

  const integrationAccounts = () => [
    { operator: operator('api', { role: 'integration' }), remoteId: String(scenario.apiUserId) },
  ];
  const diagnose = () => sut.diagnose({ integrationAccounts: integrationAccounts() });

  beforeEach(async () => {
    sim = new LiveHelperChatSimulator({ now: testClock().now });
    await sim.start();
    scenario = seedAssignableApiUserScenario(sim, {
      serviceUsername: TEST_API.username,
      apiKey: TEST_API.apiKey,
    });
    sut = createLiveHelperChatAdapter(lhcConfig(sim.baseUrl), recordingContext());
  });

  afterEach(async () => {
    await sut.close();
    await sim.stop();
  });

  it('should report the API user and its departments when lh_users says excluded but it is online', async () => {
    const findings = await diagnose();

    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      [
        'error',
        'integration account "api" has exclude_autoasign=1 in its user record but is online in "Sales" (1), "Support" (2): it is assignable there if a department row lacks the exclusion (department groups, edits REST cannot see)',
      ],
      ['warning', 'department "Sales" (1) has auto-assignment on and contains integration accounts "api"'],
      ['warning', 'department "Support" (2) has auto-assignment on and contains integration accounts "api"'],
    ]);
    expect(findings[0].fix).toContain('Exclude from auto assign workflow');
  });

  it('should call an account assignable right now when it is not excluded and online', async () => {
    sim.seed({ users: [{ username: 'bot', departments: [1], active: true }] });
    const bot = sim.userByUsername('bot')!;

    const findings = await sut.diagnose({
      integrationAccounts: [{ operator: operator('bot', { role: 'integration' }), remoteId: String(bot.id) }],
    });

    expect(findings).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        message:
          'integration account "bot" has exclude_autoasign=0 and is assignable right now in "Sales" (1)',
      }),
    );
  });

  it('should point to the back office when always_on is set', async () => {
    sim.seed({ users: [{ username: 'tg', alwaysOn: true, excludeAutoassign: true, hideOnline: true }] });

    const findings = await sut.diagnose({
      integrationAccounts: [{ operator: operator('tg'), remoteId: String(sim.userByUsername('tg')!.id) }],
    });

    expect(findings).toContainEqual({
      severity: 'error',
      message:
        'integration account "tg" has always_on=1: it counts as active forever and REST cannot clear it',
      fix: expect.stringContaining('untick "Always online"'),
    });
  });

  it('should only keep the department warning when enforcement has run', async () => {
    await sut.settings.enforce({ integrationAccounts: integrationAccounts(), dryRun: false });

    const findings = await diagnose();

    expect(findings.map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(findings[0].fix).toContain('All departments');
  });

  it('should report each row that is assignable once active when the user record says excluded', async () => {
    // Excluded in lh_users, the rows lost it (finding 1), not offline, nobody active right now.
    sim.seed({
      users: [
        {
          username: 'idle',
          departments: [1, 2],
          excludeAutoassign: true,
          rowsExcludeAutoassign: false,
        },
      ],
    });
    const idle = sim.userByUsername('idle')!;

    const findings = await sut.diagnose({
      integrationAccounts: [
        { operator: operator('idle', { role: 'integration' }), remoteId: String(idle.id) },
      ],
    });

    expect(findings[0]).toEqual({
      severity: 'warning',
      message:
        'integration account "idle" is not set offline in "Sales" (1), "Support" (2): as soon as it is active it is assignable there unless each department row still holds the exclusion, which LHC\'s REST API cannot show',
      fix: expect.stringContaining('reassertIntegrationEvery'),
    });
  });

  it('should name the departments where an account not excluded becomes assignable once online', async () => {
    sim.seed({ users: [{ username: 'quiet', departments: [1], hideOnline: true }] });

    const findings = await sut.diagnose({
      integrationAccounts: [
        {
          operator: operator('quiet', { role: 'integration' }),
          remoteId: String(sim.userByUsername('quiet')!.id),
        },
      ],
    });

    expect(findings[0]).toMatchObject({
      severity: 'warning',
      message:
        'integration account "quiet" has exclude_autoasign=0 and is assignable once set online and active in "Sales" (1)',
    });
  });

  it('should write fixes that name no file and no section of a document', async () => {
    sim.seed({ users: [{ username: 'tg', alwaysOn: true, departments: [1], active: true }] });

    const findings = await sut.diagnose({
      integrationAccounts: [{ operator: operator('tg'), remoteId: String(sim.userByUsername('tg')!.id) }],
    });

    expect(findings.length).toBeGreaterThan(2);
    for (const { fix } of findings) {
      expect(fix).not.toMatch(/§|\.md\b/);
    }
  });

  it('should check the API user alone when the doctor passes no directory', async () => {
    sim.reset();
    sim.seed({
      departments: [{ id: 1, name: 'Sales', autoAssign: true }],
      users: [{ username: TEST_API.username, departments: [1], active: true }],
      apiKeys: [{ username: TEST_API.username, apiKey: TEST_API.apiKey }],
    });

    const findings = await sut.diagnose();

    expect(findings.map((f) => f.message)).toEqual([
      'integration account "bridge" (the connector\'s API user) has exclude_autoasign=0 and is assignable right now in "Sales" (1)',
      'department "Sales" (1) has auto-assignment on and contains integration accounts "bridge" (the connector\'s API user)',
    ]);
  });
});
