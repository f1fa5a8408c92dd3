import type { OperatorStatus } from '@app/core/operator.types';
import { ReconcileService } from '@app/reconcile/reconcile.service';
import type { ReconcileRequest, RunView } from '@app/reconcile/reconcile.types';
import { TENCENT_ROUTES, TencentChatSimulator } from '@app/simulator';
import {
  ENGINE_ROSTER,
  rosterWith,
  TENCENT_ADMIN,
  TENCENT_SDK_APP_ID,
  tencentConnectorYaml,
} from './support/engine-config';
import { bridgeStarter, type Engine, useEngineHarness } from './support/engine-harness';
import { DATABASE_KINDS } from './support/test-database';

const CHATHUB_TOKEN = 'engine-chathub-company-token';
const TENCENT_SECRET = 'engine-tencent-secret-key';
const ENV = {
  ENGINE_CHATHUB_TOKEN: CHATHUB_TOKEN,
  ENGINE_TENCENT_SECRET: TENCENT_SECRET,
  ENGINE_TENCENT_CALLBACK_TOKEN: 'engine-tencent-callback-token',
};

/** The writes and links of a run, without its findings. */
const writes = (run: RunView) => run.changes.filter((change) => change.action !== 'report');

describe.each(DATABASE_KINDS)(`${ReconcileService.name} with a Tencent Chat connector on %s`, (kind) => {
  const harness = useEngineHarness(kind);
  let simulator: TencentChatSimulator;
  const manual: ReconcileRequest = { connectorId: 'tencent', trigger: 'manual' };
  const start = bridgeStarter(harness, {
    connector: () => tencentConnectorYaml(simulator.baseUrl),
    roster: ENGINE_ROSTER,
    env: ENV,
  });
  const roster = (statuses: Record<string, OperatorStatus | null> = {}) =>
    rosterWith({ john: null, ...statuses });
  const linkStatuses = async (engine: Engine) =>
    (await engine.links.findByConnector('tencent')).map((link) => [link.operatorKey, link.remoteStatus]);

  beforeEach(async () => {
    simulator = new TencentChatSimulator({
      sdkAppId: TENCENT_SDK_APP_ID,
      secretKey: TENCENT_SECRET,
      admins: [TENCENT_ADMIN],
    });
    simulator.seed({
      accounts: [
        { userId: 'sarah', nick: 'Sarah J.', state: 'Online' },
        { userId: 'mike', nick: 'Mike Wilson', state: 'Online' },
      ],
    });
    await simulator.start();
  });

  afterEach(() => simulator.stop());

  it('should import the missing operators with their nick, rename and kick the linked ones when the first run meets Tencent', async () => {
    const engine = await start({ roster: roster() });

    const run = await engine.reconcile.reconcile(manual);

    expect(run).toMatchObject({ outcome: 'ok', counts: { planned: 5, applied: 5, failed: 0 } });
    expect(simulator.account('anna')).toMatchObject({ nick: 'Anna Kovalenko' });
    expect(simulator.account('sarah')).toMatchObject({ nick: 'Sarah Johnson' });
    expect(simulator.account('bot')).toBeUndefined();
    expect(simulator.kickCount('mike')).toBe(1);
    expect(simulator.kickCount('sarah')).toBe(0);
    expect(simulator.calls(TENCENT_ROUTES.multiaccountImport)).toBe(1);
    expect(await engine.links.findByConnector('tencent')).toEqual([
      expect.objectContaining({ operatorKey: 'anna', remoteName: 'Anna Kovalenko', remoteStatus: 'active' }),
      expect.objectContaining({ operatorKey: 'mike', remoteId: 'mike', remoteStatus: 'inactive' }),
      expect.objectContaining({ operatorKey: 'sarah', remoteName: 'Sarah Johnson', remoteStatus: 'active' }),
    ]);
  });

  it('should make zero write calls when a second run after a restart finds the roster unchanged', async () => {
    const first = await start({ roster: roster() });
    expect((await first.reconcile.reconcile(manual)).outcome).toBe('ok');
    const linksBefore = await first.links.findByConnector('tencent');
    await first.close();
    const writesBefore = simulator.writeCalls();
    const engine = await start({ roster: roster() });

    const second = await engine.reconcile.reconcile(manual);

    expect(second.outcome).toBe('ok');
    expect(writes(second)).toEqual([]);
    expect(simulator.writeCalls()).toBe(writesBefore);
    expect(simulator.kickCount('mike')).toBe(1);
    expect(await engine.links.findByConnector('tencent')).toEqual(linksBefore);
  });

  it('should keep the availability each link last saw when the availability poll fails on a quiet run', async () => {
    const engine = await start({ roster: roster() });
    expect((await engine.reconcile.reconcile(manual)).outcome).toBe('ok');
    const seen = [
      ['anna', 'offline'],
      ['mike', 'offline'],
      ['sarah', 'online'],
    ];
    const availabilities = async () =>
      (await engine.links.findByConnector('tencent')).map((l) => [l.operatorKey, l.remoteAvailability]);
    expect(await availabilities()).toEqual(seen);
    // 90001 is a plain refusal: not retried, so the poll fails at once.
    simulator.injectError({ route: TENCENT_ROUTES.queryOnlineStatus, code: 90001 });

    const quiet = await engine.reconcile.reconcile(manual);

    expect(quiet.outcome).toBe('ok');
    expect(simulator.calls(TENCENT_ROUTES.queryOnlineStatus)).toBe(2);
    expect(await availabilities()).toEqual(seen);
  });

  it('should kick the operators the roster turns inactive or deleted and remember it in their links when a restart changes the roster', async () => {
    const first = await start({ roster: roster() });
    await first.reconcile.reconcile(manual);
    await first.close();
    const engine = await start({
      roster: roster({ anna: 'deleted', mike: 'active', sarah: 'inactive' }),
      deletionThreshold: '100%',
    });

    const run = await engine.reconcile.reconcile(manual);

    expect(run.outcome).toBe('ok');
    expect([simulator.kickCount('anna'), simulator.kickCount('mike'), simulator.kickCount('sarah')]).toEqual([
      1, 1, 1,
    ]);
    expect(simulator.account('anna')).toBeDefined();
    expect(await linkStatuses(engine)).toEqual([
      ['anna', 'inactive'],
      ['mike', 'active'],
      ['sarah', 'inactive'],
    ]);
    const writesAfter = simulator.writeCalls();
    expect(writes(await engine.reconcile.reconcile(manual))).toEqual([]);
    expect(simulator.writeCalls()).toBe(writesAfter);
  });
});
