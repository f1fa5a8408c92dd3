import { CHATHUB_ROUTES, ChatHubSimulator } from '@app/simulator';

import { AdminClient } from './support/admin-client';
import { DEFAULT_ROSTER, chatHubBridgeYaml } from './support/chathub-config';
import { DaemonProcess, freePort, tempDir, waitFor, writeConfig } from './support/daemon-process';

const ADMIN_TOKEN = 'e2e-admin-token-abcdefghij';

const errorShape = (code: string) => ({
  error: expect.objectContaining({ code, message: expect.any(String) }),
});

describe('admin API', () => {
  let simulator: ChatHubSimulator;
  let daemon: DaemonProcess;
  let admin: AdminClient;

  beforeAll(async () => {
    simulator = new ChatHubSimulator({ companyKeys: ['token'] });
    simulator.seed({ organizations: [{ id: 24, name: 'Support' }] });
    await simulator.start();
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
      E2E_CHATHUB_TOKEN: 'token',
    });
    await daemon.start();
    admin = new AdminClient(daemon.url, ADMIN_TOKEN);
    // Until the start-up run is over, a reconcile asked for here would meet it (409) or its faults.
    await waitFor(async () => {
      const { body } = await admin.get('/api/runs?connectorId=chathub');
      return body.items.find(
        (r: { trigger: string; outcome: string }) => r.trigger === 'startup' && r.outcome !== 'running',
      );
    }, 'the start-up run');
  });

  afterAll(async () => {
    await daemon?.stop();
    await simulator?.stop();
  });

  it.each([
    ['no token', undefined],
    ['a wrong token', 'wrong-token'],
    ['a token of another length', `${ADMIN_TOKEN}x`],
  ])('should answer 401 JSON when called with %s', async (_label, token) => {
    const { status, body } = await new AdminClient(daemon.url, token).get('/api/connectors');
    expect(status).toBe(401);
    expect(body).toEqual(errorShape('UNAUTHORIZED'));
  });

  it('should answer 400 VALIDATION_FAILED when a body field has the wrong type', async () => {
    const { status, body } = await admin.post('/api/connectors/chathub/reconcile', { dryRun: 'yes' });
    expect(status).toBe(400);
    expect(body).toEqual(errorShape('VALIDATION_FAILED'));
    expect(body.error.details).toEqual([expect.stringContaining('dryRun')]);
  });

  it('should answer 400 when the body has an unknown field', async () => {
    const { status, body } = await admin.post('/api/reconcile', { dryRun: true, everything: 1 });
    expect(status).toBe(400);
    expect(body).toEqual(errorShape('VALIDATION_FAILED'));
  });

  it('should answer 400 INVALID_JSON when the body is not JSON', async () => {
    const { status, body } = await admin.request(
      'POST',
      '/api/connectors/chathub/reconcile',
      undefined,
      '{"dryRun": tru',
    );
    expect(status).toBe(400);
    expect(body).toEqual(errorShape('INVALID_JSON'));
  });

  it('should answer 400 for query parameters of the wrong type', async () => {
    expect((await admin.get('/api/runs?limit=lots')).status).toBe(400);
    expect((await admin.get('/api/runs?limit=0')).status).toBe(400);
    expect((await admin.get('/api/events?state=sideways')).status).toBe(400);
    expect((await admin.get('/api/runs/abc')).status).toBe(400);
  });

  it('should answer 404 JSON for unknown connectors, runs and events', async () => {
    expect(await admin.post('/api/connectors/nope/reconcile')).toEqual({
      status: 404,
      body: errorShape('CONNECTOR_NOT_FOUND'),
    });
    expect(await admin.get('/api/runs/999999')).toEqual({ status: 404, body: errorShape('RUN_NOT_FOUND') });
    expect(await admin.post('/api/events/999999/replay')).toEqual({
      status: 404,
      body: errorShape('EVENT_NOT_FOUND'),
    });
  });

  it('should answer 409 RUN_IN_PROGRESS when the connector is already running', async () => {
    // The first run holds the connector from before its operator list reaches the simulator until
    // the (delayed) answer is back: the second is sent inside that window, not after a guessed sleep.
    simulator.inject({ kind: 'latency', ms: 3000, route: CHATHUB_ROUTES.operators });
    const listsBefore = simulator.calls(CHATHUB_ROUTES.operators);
    // Real runs: a dry run only reads and takes no lock, so it would never be refused.
    const first = admin.post('/api/connectors/chathub/reconcile', {});
    await waitFor(
      () => (simulator.calls(CHATHUB_ROUTES.operators) > listsBefore ? true : undefined),
      'the first run to ask for the operator list',
    );
    const second = await admin.post('/api/connectors/chathub/reconcile', {});
    expect(second).toEqual({ status: 409, body: errorShape('RUN_IN_PROGRESS') });
    expect(second.body.error.details.holder).toMatch(/^daemon pid \d+ on /);
    expect((await first).status).toBe(200);
  });

  it('should list runs newest first with their changes and the documented shape', async () => {
    const { status, body } = await admin.get('/api/runs?limit=2');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(2);
    expect(body.items[0].id).toBeGreaterThan(body.items[1].id);
    expect(Object.keys(body.items[0]).sort()).toEqual(
      [
        'changes',
        'connectorId',
        'counts',
        'dryRun',
        'error',
        'finishedAt',
        'id',
        'kind',
        'outcome',
        'startedAt',
        'trigger',
      ].sort(),
    );
  });

  it('should report readiness with per-connector health and liveness without auth', async () => {
    const ready = await new AdminClient(daemon.url).get('/health/ready');
    expect(ready).toEqual({
      status: 200,
      body: expect.objectContaining({
        status: 'ok',
        database: 'ok',
        connectors: [expect.objectContaining({ id: 'chathub' })],
      }),
    });
    expect((await new AdminClient(daemon.url).get('/health/live')).status).toBe(200);
  });

  it('should never answer 500 to unknown routes', async () => {
    expect(await new AdminClient(daemon.url).get('/nothing/here')).toEqual({
      status: 404,
      body: errorShape('NOT_FOUND'),
    });
  });
});

describe('admin API without a configured token', () => {
  it('should answer 403 and say why in the start-up log', async () => {
    const simulator = new ChatHubSimulator({ companyKeys: ['token'] });
    simulator.seed({ organizations: [{ id: 24, name: 'Support' }] });
    await simulator.start();
    const dir = tempDir();
    const config = writeConfig(
      dir,
      chatHubBridgeYaml({ dir, simulatorUrl: simulator.baseUrl, roster: DEFAULT_ROSTER }),
    );
    const daemon = new DaemonProcess(await freePort(), { BRIDGE_CONFIG: config, E2E_CHATHUB_TOKEN: 'token' });
    try {
      await daemon.start();
      const { status, body } = await new AdminClient(daemon.url, 'anything').get('/api/runs');
      expect(status).toBe(403);
      expect(body).toEqual(errorShape('ADMIN_API_DISABLED'));
      expect(daemon.logs).toMatch(/server\.adminToken( \(line \d+:\d+\))?: is not set/);
    } finally {
      await daemon.stop();
      await simulator.stop();
    }
  });
});
