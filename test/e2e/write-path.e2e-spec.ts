import { join } from 'node:path';

import Database from 'better-sqlite3';

import { CHATHUB_ROUTES, ChatHubSimulator } from '@app/simulator';

import { DEFAULT_ROSTER, chatHubBridgeYaml } from './support/chathub-config';
import { DaemonProcess, freePort, runCli, tempDir, waitFor, writeConfig } from './support/daemon-process';

const ADMIN_TOKEN = 'e2e-admin-token-write-path';
const CHATHUB_TOKEN = 'e2e-chathub-company-token';
// Long enough that a CLI process started after the request arrived still finds the run holding the
// connector on a slow machine; the request is answered when the test lets it (see `holdCreates`).
const HELD_MS = 20_000;

interface StoredRun {
  id: number;
  kind: string;
  trigger: string;
  outcome: string;
  startedAt: string;
  finishedAt: string | null;
}

describe('one write path: the connector lock across processes, and shutdown', () => {
  let simulator: ChatHubSimulator;
  let dir: string;
  let config: string;
  let env: Record<string, string>;

  const namesCount = () => {
    const counts = new Map<string, number>();
    simulator.operators().forEach((o) => counts.set(o.name, (counts.get(o.name) ?? 0) + 1));
    return counts;
  };
  const storedRuns = (): StoredRun[] => {
    const db = new Database(join(dir, 'bridge.sqlite'), { readonly: true });
    try {
      return db
        .prepare(
          'SELECT id, kind, trigger, outcome, started_at AS startedAt, finished_at AS finishedAt FROM runs ORDER BY id',
        )
        .all() as StoredRun[];
    } finally {
      db.close();
    }
  };
  const connectorHealth = (): string | undefined => {
    const db = new Database(join(dir, 'bridge.sqlite'), { readonly: true });
    try {
      const row = db.prepare("SELECT health FROM connector_states WHERE connector_id = 'chathub'").get() as
        { health: string } | undefined;
      return row?.health;
    } finally {
      db.close();
    }
  };
  /** The daemon's first create reaches the platform and is held there. */
  const holdCreates = () =>
    simulator.inject({ kind: 'latency', ms: HELD_MS, route: CHATHUB_ROUTES.synchronize, times: 1 });
  const startDaemon = async (graceMs = 25_000, timeoutMs = 60_000) => {
    const yaml = chatHubBridgeYaml({
      dir,
      simulatorUrl: simulator.baseUrl,
      adminToken: ADMIN_TOKEN,
      roster: DEFAULT_ROSTER,
    });
    // The platform's answer may take longer than a slow create here; the daemon must not time out.
    const patient = yaml.replace('timeoutMs: 10000', `timeoutMs: ${timeoutMs}`);
    writeConfig(dir, patient.replace('server:\n', `server:\n  shutdownGraceMs: ${graceMs}\n`));
    const daemon = new DaemonProcess(await freePort(), env);
    await daemon.start();
    return daemon;
  };

  beforeEach(async () => {
    simulator = new ChatHubSimulator({ companyKeys: [CHATHUB_TOKEN] });
    simulator.seed({ organizations: [{ id: 24, name: 'Support' }] });
    await simulator.start();
    dir = tempDir();
    config = join(dir, 'bridge.yaml');
    env = { BRIDGE_CONFIG: config, E2E_ADMIN_TOKEN: ADMIN_TOKEN, E2E_CHATHUB_TOKEN: CHATHUB_TOKEN };
  });

  afterEach(async () => {
    await simulator.stop();
  });

  it('should make a CLI sync wait for the daemon’s run, never overlap it, and create each operator once', async () => {
    holdCreates();
    const daemon = await startDaemon();
    try {
      await waitFor(
        () => (simulator.calls(CHATHUB_ROUTES.synchronize) > 0 ? true : undefined),
        'the held create',
      );

      const impatient = await runCli(
        ['sync', '--config', config, '--connector', 'chathub', '--wait', '0'],
        env,
      );
      const patient = await runCli(
        ['sync', '--config', config, '--connector', 'chathub', '--wait', '60'],
        env,
      );

      expect(impatient.code).toBe(1);
      expect(impatient.stderr).toMatch(/chathub is busy: held by daemon pid \d+ on \S+ \(waited 0 s/);
      expect(patient.code).toBe(0);
      for (const name of ['John Smith', 'Anna Kovalenko', 'Olena Petrenko', 'Sarah Johnson']) {
        expect(namesCount().get(name)).toBe(1);
      }
      const runs = storedRuns().filter((r) => r.kind === 'reconcile');
      expect(runs.map((r) => [r.trigger, r.outcome])).toEqual([
        ['startup', 'ok'],
        ['manual', 'ok'],
      ]);
      // The CLI's run began only after the daemon's had finished.
      expect(Date.parse(runs[1].startedAt)).toBeGreaterThanOrEqual(Date.parse(runs[0].finishedAt ?? ''));
    } finally {
      await daemon.stop();
    }
  });

  it('should stop on SIGTERM within the grace, record the run interrupted, keep the connector healthy, and run at the next start', async () => {
    // The platform never answers this create and never applies it.
    simulator.inject({ kind: 'timeout', route: CHATHUB_ROUTES.synchronize, times: 1 });
    const daemon = await startDaemon(1000);
    await waitFor(
      () => (simulator.calls(CHATHUB_ROUTES.synchronize) > 0 ? true : undefined),
      'the held create',
    );

    const stoppedAt = Date.now();
    const code = await daemon.stop('SIGTERM');
    const shutdownMs = Date.now() - stoppedAt;

    expect(code).toBe(0);
    expect(daemon.logs).toMatch(/1 run\(s\) recorded interrupted/);
    expect(shutdownMs).toBeLessThan(HELD_MS);
    expect(storedRuns().map((r) => [r.trigger, r.outcome])).toEqual([['startup', 'interrupted']]);
    expect(connectorHealth() ?? 'healthy').toBe('healthy');

    simulator.clearFaults();
    // The interrupted run's create may still land: the next run waits this timeout plus a grace.
    const next = await startDaemon(1000, 2000);
    try {
      await waitFor(
        () => (storedRuns().some((r) => r.outcome === 'ok') ? true : undefined),
        'the start-up run of the next start',
      );
      expect(storedRuns().map((r) => [r.trigger, r.outcome])).toEqual([
        ['startup', 'interrupted'],
        ['startup', 'ok'],
      ]);
      expect(namesCount().get('John Smith')).toBe(1);
      console.log(`SIGTERM mid-run: exit ${code} after ${shutdownMs} ms (grace 1000 ms)`);
    } finally {
      await next.stop();
    }
  });

  it('should let a run in flight finish within the grace on SIGTERM', async () => {
    simulator.inject({ kind: 'latency', ms: 1500, route: CHATHUB_ROUTES.synchronize, times: 1 });
    const daemon = await startDaemon();
    await waitFor(
      () => (simulator.calls(CHATHUB_ROUTES.synchronize) > 0 ? true : undefined),
      'the slow create',
    );

    const code = await daemon.stop('SIGTERM');

    expect(code).toBe(0);
    expect(storedRuns().map((r) => [r.trigger, r.outcome])).toEqual([['startup', 'ok']]);
    expect(namesCount().get('Anna Kovalenko')).toBe(1);
  });
});
