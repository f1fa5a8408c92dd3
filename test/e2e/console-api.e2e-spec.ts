import { join } from 'node:path';

import { CHATHUB_ROUTES, ChatHubSimulator } from '@app/simulator';

import { AdminClient } from './support/admin-client';
import { DEFAULT_ROSTER, chatHubBridgeYaml } from './support/chathub-config';
import { DaemonProcess, freePort, runCli, tempDir, waitFor, writeConfig } from './support/daemon-process';
import { insertInboxEvents } from './support/inbox-rows';

const ADMIN_TOKEN = 'e2e-admin-token-console-api';
const CHATHUB_TOKEN = 'e2e-chathub-console-token';

interface Page<T> {
  items: T[];
  nextCursor?: string;
}
interface Run {
  id: number;
  kind: string;
  outcome: string;
  trigger: string;
  dryRun: boolean;
  changes?: Array<{ operatorKey: string | null; action: string; field: string | null; after: unknown }>;
}

describe('admin API for the console: pages, filters, payloads, provision on demand, CLI --json', () => {
  let simulator: ChatHubSimulator;
  let daemon: DaemonProcess;
  let admin: AdminClient;
  let config: string;
  let eventIds: number[];
  const env = { E2E_ADMIN_TOKEN: ADMIN_TOKEN, E2E_CHATHUB_TOKEN: CHATHUB_TOKEN };

  /** Every item of a list, a page at a time, and how many pages it took. */
  const walk = async <T>(path: string, limit: number): Promise<{ items: T[]; pages: number }> => {
    const items: T[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const { status, body } = await admin.get<Page<T>>(
        `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(limit);
      items.push(...body.items);
      cursor = body.nextCursor;
      pages++;
    } while (cursor !== undefined && pages < 100);
    return { items, pages };
  };

  beforeAll(async () => {
    simulator = new ChatHubSimulator({ companyKeys: [CHATHUB_TOKEN] });
    simulator.seed({
      organizations: [{ id: 24, name: 'Support' }],
      operators: [{ name: 'Sarah Johnson', organizationId: 24 }],
    });
    await simulator.start();
    // The start-up run fails, so every roster operator is still missing on ChatHub.
    simulator.inject({ kind: 'status', status: 500, route: CHATHUB_ROUTES.operators, times: 'always' });
    const dir = tempDir();
    config = writeConfig(
      dir,
      chatHubBridgeYaml({
        dir,
        simulatorUrl: simulator.baseUrl,
        adminToken: ADMIN_TOKEN,
        roster: DEFAULT_ROSTER,
      }),
    );
    daemon = new DaemonProcess(await freePort(), { BRIDGE_CONFIG: config, ...env });
    await daemon.start();
    admin = new AdminClient(daemon.url, ADMIN_TOKEN);
    await waitFor(async () => {
      const { body } = await admin.get<Page<Run>>('/api/runs?connectorId=chathub&outcome=failed');
      return body.items.find((r) => r.trigger === 'startup');
    }, 'the failed start-up run');
    simulator.clearFaults();
    eventIds = insertInboxEvents(join(dir, 'bridge.sqlite'), [
      ...[1, 2, 3, 4].map((n) => ({
        connectorId: 'chathub',
        dedupeKey: `done-${n}`,
        kind: 'availability',
        payload: { kind: 'availability', operatorKey: 'anna', availability: 'busy', n },
        state: 'done' as const,
      })),
      {
        connectorId: 'chathub',
        dedupeKey: 'dead-1',
        kind: 'operator-changed',
        payload: { kind: 'operator-changed', remoteId: '7' },
        state: 'dead',
        attempts: 8,
        lastError: 'gave up',
      },
    ]);
  });

  afterAll(async () => {
    await daemon?.stop();
    await simulator?.stop();
  });

  it('should walk every run once, newest first, when following nextCursor to the last page', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await admin.post('/api/connectors/chathub/reconcile', { dryRun: true })).status).toBe(200);
    }
    const all = (await admin.get<Page<Run>>('/api/runs?limit=1000')).body;

    const walked = await walk<Run>('/api/runs', 1);

    expect(all.nextCursor).toBeUndefined();
    expect(walked.items.map((r) => r.id)).toEqual(all.items.map((r) => r.id));
    expect(walked.pages).toBe(all.items.length);
    expect([...walked.items.map((r) => r.id)].sort((a, b) => b - a)).toEqual(walked.items.map((r) => r.id));
  });

  it('should filter runs by outcome, kind and start time, and leave changes out when asked', async () => {
    const failed = (await admin.get<Page<Run>>('/api/runs?outcome=failed')).body.items;
    const none = async (query: string) => (await admin.get<Page<Run>>(`/api/runs?${query}`)).body.items;
    const light = (await admin.get<Page<Run>>('/api/runs?changes=false&limit=2')).body;

    expect(failed.map((r) => r.trigger)).toEqual(['startup']);
    expect(await none('kind=availability')).toEqual([]);
    expect(await none('since=2999-01-01T00:00:00Z')).toEqual([]);
    expect(await none('until=2000-01-01')).toEqual([]);
    expect((await none('since=2000-01-01&until=2999-01-01')).length).toBeGreaterThanOrEqual(4);
    expect(light.items.every((r) => !('changes' in r))).toBe(true);
    expect(light.nextCursor).toEqual(expect.any(String));
  });

  it.each([
    ['a made-up cursor', '/api/runs?cursor=bm9wZQ'],
    ['a cursor of another list', '/api/runs?cursor=WyJldmVudHMiLDVd'],
    ['a cursor that is not base64url', '/api/events?cursor=%25%25'],
    ['an operators cursor holding a number', '/api/operators?cursor=WyJvcGVyYXRvcnMiLDVd'],
    ['a time that is not a time', '/api/runs?since=yesterday'],
    ['a time past 9999', '/api/runs?until=%2B275760-09-13T00:00:00Z'],
    ['changes that is not a boolean', '/api/runs?changes=maybe'],
    ['a search with a NUL', '/api/operators?q=a%00b'],
    ['an unknown status', '/api/operators?status=gone'],
  ])('should answer 400 when given %s', async (_label, path) => {
    const { status, body } = await admin.get(path);
    expect(status).toBe(400);
    expect(body.error.code).toMatch(/^(INVALID_CURSOR|VALIDATION_FAILED)$/);
  });

  it('should page the inbox and answer one event with its payload as stored', async () => {
    const walked = await walk<{ id: number; state: string }>('/api/events?connectorId=chathub', 2);
    const dead = await admin.get(`/api/events/${eventIds[4]}`);

    expect(walked.items.map((e) => e.id)).toEqual([...eventIds].reverse());
    expect(walked.pages).toBe(3);
    expect(dead).toEqual({
      status: 200,
      body: expect.objectContaining({
        id: eventIds[4],
        state: 'dead',
        attempts: 8,
        lastError: 'gave up',
        payload: { kind: 'operator-changed', remoteId: '7' },
      }),
    });
    expect((await admin.get('/api/events/999999')).body.error.code).toBe('EVENT_NOT_FOUND');
    expect((await admin.get('/api/events/abc')).status).toBe(400);
  });

  it('should say how one operator matches and what a sync would do, writing nothing, on a dry run', async () => {
    simulator.resetCounters();

    const sarah = await admin.post<{ runs: Run[] }>('/api/operators/sarah/sync', { dryRun: true });
    const anna = await admin.post<{ runs: Run[] }>('/api/operators/anna/sync', { dryRun: true });

    expect(sarah.status).toBe(200);
    expect(sarah.body.runs).toHaveLength(1);
    expect(sarah.body.runs[0]).toMatchObject({ connectorId: 'chathub', dryRun: true, outcome: 'ok' });
    expect(sarah.body.runs[0].changes).toEqual([
      expect.objectContaining({ operatorKey: 'sarah', action: 'report', field: 'scope' }),
      expect.objectContaining({ operatorKey: 'sarah', action: 'link', after: 'name' }),
    ]);
    expect(anna.body.runs[0].changes?.map((c) => [c.operatorKey, c.action])).toEqual([
      ['anna', 'report'],
      ['anna', 'create'],
    ]);
    expect(simulator.writeCalls()).toBe(0);
  });

  it('should create that operator alone when provisioning one operator on demand', async () => {
    const { status, body } = await admin.post<{ runs: Run[] }>('/api/operators/anna/sync', {});

    expect(status).toBe(200);
    expect(body.runs[0]).toMatchObject({ dryRun: false, outcome: 'ok' });
    expect(
      simulator
        .operators()
        .map((o) => o.name)
        .sort(),
    ).toEqual(['Anna Kovalenko', 'Sarah Johnson']);
    const missing = await walk<{ key: string }>('/api/operators?missing=chathub', 2);
    expect(missing.items.map((o) => o.key)).toEqual(['bot', 'john', 'leaver', 'mike', 'olena', 'sarah']);
    const annaPage = (await admin.get<Page<{ key: string; links: unknown[] }>>('/api/operators?q=kovalenko'))
      .body;
    expect(annaPage.items).toEqual([
      expect.objectContaining({ key: 'anna', links: [expect.objectContaining({ connectorId: 'chathub' })] }),
    ]);
  });

  it('should answer 404 for an unknown operator and 400 for a hostile key or body', async () => {
    expect((await admin.post('/api/operators/nobody/sync', {})).body.error.code).toBe('OPERATOR_NOT_FOUND');
    expect((await admin.post(`/api/operators/${'k'.repeat(129)}/sync`, {})).status).toBe(400);
    expect((await admin.post('/api/operators/anna/sync', { connectorId: 'Not A Slug' })).status).toBe(400);
    expect((await admin.post('/api/operators/anna/sync', { dryRun: 'yes' })).status).toBe(400);
    expect((await admin.post('/api/operators/anna/sync', { connectorId: 'nope' })).status).toBe(404);
  });

  it('should print one JSON document on stdout for plan --operator --json, logs elsewhere', async () => {
    const { code, stdout } = await runCli(['plan', '--operator', 'john', '--json', '--config', config], env);

    const document = JSON.parse(stdout) as { ok: boolean; runs: Run[] };
    expect(code).toBe(0);
    expect(document.ok).toBe(true);
    expect(document.runs.map((r) => r.changes?.map((c) => [c.operatorKey, c.action, c.field]))).toEqual([
      [
        ['john', 'report', 'scope'],
        ['john', 'create', null],
      ],
    ]);
  });

  it('should answer --json documents for validate and doctor, and for a usage error', async () => {
    const validate = await runCli(['validate', '--json', '--config', config], env);
    const doctor = await runCli(['doctor', '--json', '--config', config], env);
    const unknown = await runCli(['plan', '--operator', 'nobody', '--json', '--config', config], env);

    expect(validate.code).toBe(0);
    expect(JSON.parse(validate.stdout)).toMatchObject({
      ok: true,
      connectors: [{ id: 'chathub', type: 'smsbat-chathub', enabled: true }],
      rosterEntries: 7,
    });
    // The roster's integration account "bot" exists on no platform here: doctor says so.
    expect(doctor.code).toBe(1);
    expect(JSON.parse(doctor.stdout)).toEqual({
      ok: false,
      configuration: {
        path: config,
        findings: [
          expect.objectContaining({
            severity: 'warning',
            message: expect.stringMatching(/"bot".*matches no account/),
          }),
        ],
      },
      connectors: [{ connectorId: 'chathub', type: 'smsbat-chathub', findings: [] }],
    });
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout)).toEqual({
      ok: false,
      error: { code: 'OPERATOR_NOT_FOUND', message: 'no operator "nobody" in the directory' },
    });
  });

  it('should list every problem of an invalid configuration in the --json document', async () => {
    const dir = tempDir();
    const broken = writeConfig(dir, 'server:\n  port: lots\nconnectors: []\nnope: 1\n');

    const { code, stdout } = await runCli(['validate', '--json', '--config', broken]);

    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      ok: false,
      error: {
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('invalid configuration'),
        details: expect.arrayContaining([expect.objectContaining({ path: 'server.port' })]),
      },
    });
  });

  it('should serve the console at /ui/ with its own assets only, and send /ui there', async () => {
    const redirect = await fetch(`${daemon.url}/ui`, { redirect: 'manual' });
    const page = await fetch(`${daemon.url}/ui/`);
    const script = await fetch(`${daemon.url}/ui/js/main.js`);

    expect([redirect.status, redirect.headers.get('location')]).toEqual([301, '/ui/']);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect([script.status, script.headers.get('content-type')]).toEqual([
      200,
      expect.stringContaining('javascript'),
    ]);
    expect((await fetch(`${daemon.url}/ui/nope.js`)).status).toBe(404);
  });

  it('should count what retention pruned in the metrics, from zero', async () => {
    const metrics = await (await fetch(`${daemon.url}/metrics`)).text();

    for (const table of ['runs', 'run_changes', 'inbox_events']) {
      expect(metrics).toMatch(new RegExp(`chat_bridge_retention_pruned_total\\{table="${table}"\\} \\d+`));
    }
  });

  it('should print the version with --version', async () => {
    const { code, stdout } = await runCli(['--version']);

    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
