import { ConnectorBusyError } from '@app/runs/run-errors';
import type { OperatorStatus } from '@app/core/operator.types';
import { ReconcileService } from '@app/reconcile/reconcile.service';
import type { ReconcileRequest, RunView } from '@app/reconcile/reconcile.types';
import { CHATHUB_ROUTES, ChatHubSimulator } from '@app/simulator';
import {
  CHATHUB_ORGANIZATION_ID,
  chatHubConnectorYaml,
  ENGINE_ROSTER,
  rosterWith,
} from './support/engine-config';
import { bridgeStarter, useEngineHarness } from './support/engine-harness';
import { DATABASE_KINDS } from './support/test-database';

const CHATHUB_TOKEN = 'engine-chathub-company-token';
const REVOKED_TOKEN = 'engine-revoked-company-token';
const TENCENT_SECRET = 'engine-tencent-secret-key';
const ENV = {
  ENGINE_CHATHUB_TOKEN: CHATHUB_TOKEN,
  ENGINE_TENCENT_SECRET: TENCENT_SECRET,
  ENGINE_TENCENT_CALLBACK_TOKEN: 'engine-tencent-callback-token',
};
const ORG = CHATHUB_ORGANIZATION_ID;
const [ACTIVE, INACTIVE, DELETED] = [0, 1, 2];

const ALL_ACTIVE = rosterWith({ mike: 'active' });

/** The writes and links of a run, without its findings. */
const writes = (run: RunView) => run.changes.filter((change) => change.action !== 'report');

describe.each(DATABASE_KINDS)(`${ReconcileService.name} with a ChatHub connector on %s`, (kind) => {
  const harness = useEngineHarness(kind);
  let simulator: ChatHubSimulator;
  const manual: ReconcileRequest = { connectorId: 'chathub', trigger: 'manual' };
  const scheduled: ReconcileRequest = { connectorId: 'chathub', trigger: 'schedule' };
  const start = bridgeStarter(harness, {
    connector: () => chatHubConnectorYaml(simulator.baseUrl),
    roster: ENGINE_ROSTER,
    env: ENV,
  });
  const statusOf = (name: string) => simulator.operators().find((o) => o.name === name)?.status;
  const idOf = (name: string) => String(simulator.operators().find((o) => o.name === name)?.id);

  beforeEach(async () => {
    simulator = new ChatHubSimulator({ companyKeys: [CHATHUB_TOKEN] });
    simulator.seed({
      organizations: [{ id: ORG, name: 'Support' }],
      operators: [
        { id: 101, name: 'Sarah Johnson', organizationId: ORG },
        { id: 102, name: 'Mike Wilson', organizationId: ORG },
        { id: 103, name: 'Ghost Agent', organizationId: ORG },
      ],
    });
    await simulator.start();
  });

  afterEach(() => simulator.stop());

  /** A first run linking anna, john, mike and sarah, all active, then a restart with `statuses`. */
  const linkAllThenRestart = async (statuses: Record<string, OperatorStatus | null>, threshold?: string) => {
    const first = await start({ roster: ALL_ACTIVE });
    expect((await first.reconcile.reconcile(manual)).outcome).toBe('ok');
    await first.close();
    return start({ roster: rosterWith({ mike: 'active', ...statuses }), deletionThreshold: threshold });
  };

  it('should create the missing operators, link the matched ones and record every change when the first run meets ChatHub', async () => {
    const engine = await start();

    const run = await engine.reconcile.reconcile(manual);

    expect(run).toMatchObject({ connectorId: 'chathub', trigger: 'manual', dryRun: false, outcome: 'ok' });
    expect(run.counts).toEqual({ planned: 5, applied: 5, failed: 0, rejected: 0, unknown: 0, findings: 1 });
    expect(simulator.operators()).toEqual([
      { id: 101, name: 'Sarah Johnson', status: ACTIVE, organizationId: ORG },
      { id: 102, name: 'Mike Wilson', status: INACTIVE, organizationId: ORG },
      { id: 103, name: 'Ghost Agent', status: ACTIVE, organizationId: ORG },
      { id: expect.any(Number), name: 'Anna Kovalenko', status: ACTIVE, organizationId: ORG },
      { id: expect.any(Number), name: 'John Smith', status: ACTIVE, organizationId: ORG },
    ]);
    const stored = await engine.runs.findWithChanges(run.id);
    expect(stored).toMatchObject({ outcome: 'ok', dryRun: false, finishedAt: expect.any(Date) });
    expect(stored?.changes).toHaveLength(6);
    expect(stored?.changes).toEqual(
      expect.arrayContaining(
        [
          { operatorKey: null, action: 'report', field: 'unmanaged', before: ['103'], outcome: 'skipped' },
          { operatorKey: 'sarah', action: 'link', after: { remoteId: '101', matchedBy: 'name' } },
          { operatorKey: 'mike', action: 'link', after: { remoteId: '102', matchedBy: 'name' } },
          { operatorKey: 'mike', action: 'update', field: 'status', before: 'active', after: 'inactive' },
          {
            operatorKey: 'anna',
            action: 'create',
            after: { name: 'Anna Kovalenko', remoteId: idOf('Anna Kovalenko') },
          },
          {
            operatorKey: 'john',
            action: 'create',
            after: { name: 'John Smith', remoteId: idOf('John Smith') },
          },
        ].map((change) => expect.objectContaining({ outcome: 'applied', error: null, ...change })),
      ),
    );
    expect(run.changes).toEqual(
      (stored?.changes ?? []).map(({ operatorKey, action, field, before, after, outcome, error }) => ({
        ...{ operatorKey, action, field, before, after, outcome, error },
      })),
    );
    expect(await engine.runs.list({ connectorId: 'chathub', limit: 10 })).toEqual([
      expect.objectContaining({ id: run.id, connectorId: 'chathub', outcome: 'ok' }),
    ]);
    expect(await engine.links.findByConnector('chathub')).toEqual(
      [
        ['anna', idOf('Anna Kovalenko'), 'Anna Kovalenko', 'active'],
        ['john', idOf('John Smith'), 'John Smith', 'active'],
        ['mike', '102', 'Mike Wilson', 'inactive'],
        ['sarah', '101', 'Sarah Johnson', 'active'],
      ].map(([operatorKey, remoteId, remoteName, remoteStatus]) =>
        expect.objectContaining({ connectorId: 'chathub', operatorKey, remoteId, remoteName, remoteStatus }),
      ),
    );
  });

  it('should plan nothing, make no write call and keep every link row when the second run finds nothing changed', async () => {
    const engine = await start();
    const first = await engine.reconcile.reconcile(manual);
    const linksBefore = await engine.links.findByConnector('chathub');
    const writesBefore = simulator.writeCalls();
    const listsBefore = simulator.calls(CHATHUB_ROUTES.operators);

    const second = await engine.reconcile.reconcile(scheduled);

    expect(writesBefore).toBe(2);
    expect(second).toMatchObject({ outcome: 'ok', trigger: 'schedule', counts: { planned: 0, applied: 0 } });
    expect(writes(second)).toEqual([]);
    expect(simulator.writeCalls()).toBe(writesBefore);
    expect(simulator.calls(CHATHUB_ROUTES.operators)).toBe(listsBefore + 1);
    expect(await engine.links.findByConnector('chathub')).toEqual(linksBefore);
    const listed = await engine.runs.list({ connectorId: 'chathub', limit: 10 });
    expect(listed.map((run) => run.id)).toEqual([second.id, first.id]);
  });

  it('should bring ChatHub to status 1 and 2 and the links with it when a restart changes the roster to inactive and deleted', async () => {
    const engine = await linkAllThenRestart({ anna: 'inactive', john: 'deleted', sarah: null }, '100%');

    const run = await engine.reconcile.reconcile(manual);

    expect(run.outcome).toBe('ok');
    expect(writes(run)).toHaveLength(3);
    expect([statusOf('Anna Kovalenko'), statusOf('John Smith'), statusOf('Sarah Johnson')]).toEqual([
      INACTIVE,
      DELETED,
      DELETED,
    ]);
    expect(statusOf('Mike Wilson')).toBe(ACTIVE);
    const links = await engine.links.findByConnector('chathub');
    expect(links.map((link) => [link.operatorKey, link.remoteStatus])).toEqual([
      ['anna', 'inactive'],
      ['john', 'deleted'],
      ['mike', 'active'],
      ['sarah', 'deleted'],
    ]);
    const writesAfter = simulator.writeCalls();
    expect(writes(await engine.reconcile.reconcile(manual))).toEqual([]);
    expect(simulator.writeCalls()).toBe(writesAfter);
  });

  it('should block the run and write nothing when it would deactivate more operators than the threshold', async () => {
    const engine = await linkAllThenRestart({ anna: 'inactive', john: 'inactive', sarah: 'inactive' });
    const linksBefore = await engine.links.findByConnector('chathub');
    const writesBefore = simulator.writeCalls();

    const run = await engine.reconcile.reconcile(manual);

    expect(run).toMatchObject({ outcome: 'blocked', error: expect.stringContaining('threshold of 1') });
    expect(writes(run)).toEqual(
      ['anna', 'john', 'sarah'].map((operatorKey) =>
        expect.objectContaining({ operatorKey, action: 'update', after: 'inactive', outcome: 'skipped' }),
      ),
    );
    expect(simulator.writeCalls()).toBe(writesBefore);
    expect(simulator.operators().every((o) => o.status === ACTIVE)).toBe(true);
    expect(await engine.links.findByConnector('chathub')).toEqual(linksBefore);
    expect((await engine.runs.findWithChanges(run.id))?.outcome).toBe('blocked');
  });

  it('should deactivate past the threshold when the run allows deletes', async () => {
    const engine = await linkAllThenRestart({ anna: 'inactive', john: 'inactive', sarah: 'inactive' });

    const run = await engine.reconcile.reconcile({ ...manual, allowDeletes: true });

    expect(run.outcome).toBe('ok');
    expect(writes(run).map((change) => change.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(['Anna Kovalenko', 'John Smith', 'Sarah Johnson'].map(statusOf)).toEqual([
      INACTIVE,
      INACTIVE,
      INACTIVE,
    ]);
    const links = await engine.links.findByConnector('chathub');
    expect(links.filter((link) => link.remoteStatus === 'inactive').map((link) => link.operatorKey)).toEqual([
      'anna',
      'john',
      'sarah',
    ]);
  });

  it('should write nothing on the platform and record the changes as planned when the run is a dry run', async () => {
    const engine = await start();
    const operatorsBefore = simulator.operators();

    const run = await engine.reconcile.reconcile({ ...manual, dryRun: true });

    expect(run).toMatchObject({ dryRun: true, outcome: 'ok', counts: { planned: 5, applied: 0 } });
    expect(simulator.writeCalls()).toBe(0);
    expect(simulator.operators()).toEqual(operatorsBefore);
    expect(await engine.links.findByConnector('chathub')).toEqual([]);
    const stored = await engine.runs.findWithChanges(run.id);
    expect(stored?.dryRun).toBe(true);
    expect(
      (stored?.changes ?? [])
        .filter((c) => c.action !== 'report')
        .map((c) => [c.operatorKey, c.action, c.outcome]),
    ).toEqual(
      expect.arrayContaining([
        ['anna', 'create', 'planned'],
        ['john', 'create', 'planned'],
        ['mike', 'link', 'planned'],
        ['mike', 'update', 'planned'],
        ['sarah', 'link', 'planned'],
      ]),
    );
  });

  it('should mark the connector bad_credentials and refuse scheduled runs but not manual ones when ChatHub answers 401', async () => {
    const engine = await start({ env: { ENGINE_CHATHUB_TOKEN: REVOKED_TOKEN } });

    const failed = await engine.reconcile.reconcile(scheduled);

    expect(failed).toMatchObject({ outcome: 'failed', error: expect.stringContaining('AUTH_FAILED') });
    expect(await engine.states.find('chathub')).toMatchObject({
      health: 'bad_credentials',
      consecutiveFailures: 1,
      lastError: expect.stringContaining('HTTP 401'),
    });
    expect(simulator.writeCalls()).toBe(0);
    expect(await engine.health.mayRun('chathub', 'schedule')).toEqual({
      ok: false,
      reason: expect.stringContaining('bad_credentials'),
    });
    expect(await engine.health.mayRun('chathub', 'manual')).toEqual({ ok: true });
    const manualRun = await engine.reconcile.reconcile(manual);
    expect(manualRun.outcome).toBe('failed');
    expect(simulator.calls(CHATHUB_ROUTES.operators)).toBe(2);
    await engine.close();
    const restarted = await start({ env: { ENGINE_CHATHUB_TOKEN: REVOKED_TOKEN } });
    expect((await restarted.health.mayRun('chathub', 'schedule')).ok).toBe(false);
  });

  it('should let scheduled runs go again and heal when the configuration changes after a 401', async () => {
    const bad = await start({ env: { ENGINE_CHATHUB_TOKEN: REVOKED_TOKEN } });
    expect((await bad.reconcile.reconcile(scheduled)).outcome).toBe('failed');
    await bad.close();
    const fixed = await start();

    expect(await fixed.health.mayRun('chathub', 'schedule')).toEqual({ ok: true });
    const run = await fixed.reconcile.reconcile(scheduled);

    expect(run.outcome).toBe('ok');
    expect(await fixed.states.find('chathub')).toMatchObject({
      health: 'healthy',
      consecutiveFailures: 0,
      lastError: null,
    });
  });

  it('should run exactly one reconciliation and refuse the other with RUN_IN_PROGRESS when two start at once', async () => {
    const engine = await start();
    simulator.inject({ kind: 'latency', ms: 100, route: CHATHUB_ROUTES.operators });

    const results = await Promise.allSettled([
      engine.reconcile.reconcile(manual),
      engine.reconcile.reconcile(manual),
    ]);

    const runs = results.filter((r) => r.status === 'fulfilled');
    const refusals = results.filter((r) => r.status === 'rejected').map((r) => r.reason as unknown);
    expect(runs.map((r) => r.value.outcome)).toEqual(['ok']);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toBeInstanceOf(ConnectorBusyError);
    expect((refusals[0] as ConnectorBusyError).holder).toMatch(/^daemon pid \d+ on /);
    expect(simulator.calls(CHATHUB_ROUTES.operators)).toBe(1);
    expect(await engine.runs.list({ connectorId: 'chathub', limit: 10 })).toHaveLength(1);
    // The lock is released once the run is over: the next run goes through.
    expect((await engine.reconcile.reconcile(manual)).outcome).toBe('ok');
  });
});
