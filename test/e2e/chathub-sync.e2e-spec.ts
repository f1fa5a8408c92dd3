import { CHATHUB_ROUTES, ChatHubSimulator } from '@app/simulator';

import { AdminClient } from './support/admin-client';
import { DEFAULT_ROSTER, chatHubBridgeYaml } from './support/chathub-config';
import { DaemonProcess, freePort, tempDir, waitFor, writeConfig } from './support/daemon-process';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const CHATHUB_TOKEN = 'e2e-chathub-company-token';

describe('daemon against the ChatHub simulator', () => {
  let simulator: ChatHubSimulator;
  let daemon: DaemonProcess;
  let admin: AdminClient;

  const namesCount = () => {
    const counts = new Map<string, number>();
    simulator.operators().forEach((o) => counts.set(o.name, (counts.get(o.name) ?? 0) + 1));
    return counts;
  };
  const statusOf = (name: string) => simulator.operators().find((o) => o.name === name)?.status;

  beforeAll(async () => {
    simulator = new ChatHubSimulator({ companyKeys: [CHATHUB_TOKEN] });
    simulator.seed({
      organizations: [{ id: 24, name: 'Support' }],
      operators: [
        { name: 'Sarah Johnson', organizationId: 24 },
        { name: 'Mike Wilson', organizationId: 24 },
        { name: 'Lea Leaver', organizationId: 24 },
      ],
    });
    await simulator.start();
    // The first run meets a rate limit on the list and a create that fails after it was applied.
    simulator.inject({ kind: 'status', status: 429, route: CHATHUB_ROUTES.operators, retryAfterSeconds: 1 });
    simulator.inject({ kind: 'status', status: 500, route: CHATHUB_ROUTES.synchronize, phase: 'after' });
    const dir = tempDir();
    const config = writeConfig(
      dir,
      chatHubBridgeYaml({
        dir,
        simulatorUrl: simulator.baseUrl,
        adminToken: ADMIN_TOKEN,
        roster: DEFAULT_ROSTER,
      }),
    );
    daemon = new DaemonProcess(await freePort(), {
      BRIDGE_CONFIG: config,
      E2E_ADMIN_TOKEN: ADMIN_TOKEN,
      E2E_CHATHUB_TOKEN: CHATHUB_TOKEN,
    });
    await daemon.start();
    admin = new AdminClient(daemon.url, ADMIN_TOKEN);
  });

  afterAll(async () => {
    await daemon?.stop();
    await simulator?.stop();
  });

  it('should create what is missing on the start-up run, once each, despite a 429 and a 500 after apply', async () => {
    const run = await waitFor(async () => {
      const { body } = await admin.get('/api/runs?connectorId=chathub');
      return body.items.find(
        (r: { trigger: string; outcome: string }) => r.trigger === 'startup' && r.outcome !== 'running',
      );
    }, 'the start-up run');
    expect(run.outcome).toBe('ok');
    expect(namesCount().get('John Smith')).toBe(1);
    expect(namesCount().get('Anna Kovalenko')).toBe(1);
    expect(namesCount().get('Olena Petrenko')).toBe(1);
    expect(namesCount().has('API Bot')).toBe(false);
  });

  it('should bring roster inactive and deleted to ChatHub status 1 and 2', () => {
    expect(statusOf('Mike Wilson')).toBe(1);
    expect(statusOf('Lea Leaver')).toBe(2);
    expect(statusOf('Sarah Johnson')).toBe(0);
  });

  it('should make zero write calls on a second run', async () => {
    simulator.resetCounters();
    const { status, body } = await admin.post('/api/connectors/chathub/reconcile');
    expect(status).toBe(200);
    expect(body).toEqual(
      expect.objectContaining({ connectorId: 'chathub', trigger: 'manual', outcome: 'ok' }),
    );
    expect(body.changes.filter((c: { action: string }) => c.action !== 'report')).toEqual([]);
    expect(simulator.writeCalls()).toBe(0);
    expect(simulator.calls(CHATHUB_ROUTES.operators)).toBe(1);
  });

  it('should plan without writing when dryRun is set', async () => {
    simulator.seed({ operators: [{ name: 'Anna Kovalenko', organizationId: 24 }] });
    simulator.resetCounters();
    const { body } = await admin.post('/api/connectors/chathub/reconcile', { dryRun: true });
    expect(body.dryRun).toBe(true);
    expect(simulator.writeCalls()).toBe(0);
  });

  it('should expose operators with their links, runs and metrics', async () => {
    const operators = await admin.get('/api/operators');
    const anna = operators.body.items.find((o: { key: string }) => o.key === 'anna');
    expect(anna.links).toEqual([
      expect.objectContaining({ connectorId: 'chathub', name: 'Anna Kovalenko', status: 'active' }),
    ]);
    const connectors = await admin.get('/api/connectors');
    expect(connectors.body.items).toEqual([
      expect.objectContaining({
        id: 'chathub',
        type: 'smsbat-chathub',
        health: 'healthy',
        capabilities: ['operators.read', 'operators.write'],
      }),
    ]);
    const metrics = await (await fetch(`${daemon.url}/metrics`)).text();
    expect(metrics).toMatch(
      /chat_bridge_runs_total\{connector="chathub",kind="reconcile",outcome="ok",dry_run="false"\} [1-9]/,
    );
    expect(metrics).toMatch(/chat_bridge_connector_up\{connector="chathub",health="healthy"\} 1/);
    expect(metrics).toMatch(
      /chat_bridge_connector_last_success_timestamp_seconds\{connector="chathub"\} \d+/,
    );
    expect(metrics).toMatch(/chat_bridge_connector_blocked\{connector="chathub"\} 0/);
    expect(metrics).toMatch(
      /chat_bridge_run_duration_seconds_count\{connector="chathub",kind="reconcile",outcome="ok"\} [1-9]/,
    );
    expect(metrics).toMatch(/chat_bridge_build_info\{version="\d+\.\d+\.\d+",node="v\d+/);
    expect(metrics).not.toMatch(/chat_bridge_inbox_depth\{state="done"\}/);
    expect(metrics).toMatch(
      /chat_bridge_platform_calls_total\{connector="chathub",route="GET \/api\/operator",status="429"\} 1/,
    );
  });

  it('should keep secrets out of the logs', () => {
    expect(daemon.logs).not.toContain(CHATHUB_TOKEN);
    expect(daemon.logs).not.toContain(ADMIN_TOKEN);
  });

  it('should exit 0 on SIGTERM', async () => {
    expect(await daemon.stop('SIGTERM')).toBe(0);
  });
});
