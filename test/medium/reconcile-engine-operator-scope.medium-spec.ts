import { ReconcileService } from '@app/reconcile/reconcile.service';
import type { ReconcileRequest, RunView } from '@app/reconcile/reconcile.types';
import { ChatHubSimulator } from '@app/simulator';
import {
  CHATHUB_ORGANIZATION_ID,
  chatHubConnectorYaml,
  ENGINE_ROSTER,
  rosterWith,
} from './support/engine-config';
import { bridgeStarter, useEngineHarness } from './support/engine-harness';
import { DATABASE_KINDS } from './support/test-database';

const CHATHUB_TOKEN = 'engine-scope-company-token';
const ENV = {
  ENGINE_CHATHUB_TOKEN: CHATHUB_TOKEN,
  ENGINE_TENCENT_SECRET: 'unused',
  ENGINE_TENCENT_CALLBACK_TOKEN: 'unused',
};
const ORG = CHATHUB_ORGANIZATION_ID;
const [ACTIVE, INACTIVE] = [0, 1];

const changesOf = (run: RunView) => run.changes.map((c) => [c.operatorKey, c.action, c.field]);

describe.each(DATABASE_KINDS)(
  `${ReconcileService.name} for one operator (provision on demand) on %s`,
  (kind) => {
    const harness = useEngineHarness(kind);
    let simulator: ChatHubSimulator;
    const start = bridgeStarter(harness, {
      connector: () => chatHubConnectorYaml(simulator.baseUrl),
      roster: ENGINE_ROSTER,
      env: ENV,
    });
    const forOperator = (operatorKey: string, extra: Partial<ReconcileRequest> = {}): ReconcileRequest => ({
      connectorId: 'chathub',
      trigger: 'manual',
      operatorKey,
      ...extra,
    });
    const names = () => simulator.operators().map((o) => o.name);

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

    it('should plan and write for that operator alone, saying so in the run', async () => {
      const engine = await start();

      const plan = await engine.reconcile.reconcile(forOperator('sarah', { dryRun: true }));
      const run = await engine.reconcile.reconcile(forOperator('anna'));

      expect(changesOf(plan)).toEqual([
        ['sarah', 'report', 'scope'],
        ['sarah', 'link', null],
      ]);
      expect(plan.changes[1].after).toBe('name');
      expect(changesOf(run)).toEqual([
        ['anna', 'report', 'scope'],
        ['anna', 'create', null],
      ]);
      expect(run.outcome).toBe('ok');
      // John is missing too, Mike still active though inactive in the roster, Ghost unmanaged: untouched.
      expect(names()).toEqual(['Sarah Johnson', 'Mike Wilson', 'Ghost Agent', 'Anna Kovalenko']);
      expect(simulator.operators().find((o) => o.name === 'Mike Wilson')?.status).toBe(ACTIVE);
      expect((await engine.links.findByConnector('chathub')).map((l) => l.operatorKey)).toEqual(['anna']);
    });

    it("should let one operator's deactivation through while the connector's full run is blocked", async () => {
      const first = await start({ roster: rosterWith({ mike: 'active' }) });
      expect((await first.reconcile.reconcile({ connectorId: 'chathub', trigger: 'manual' })).outcome).toBe(
        'ok',
      );
      await first.close();
      const engine = await start({
        roster: rosterWith({ mike: 'inactive', sarah: 'inactive', john: 'inactive' }),
      });

      const full = await engine.reconcile.reconcile({ connectorId: 'chathub', trigger: 'manual' });
      const one = await engine.reconcile.reconcile(forOperator('mike'));

      expect(full.outcome).toBe('blocked');
      expect(one.outcome).toBe('ok');
      expect(changesOf(one)).toEqual([
        ['mike', 'report', 'scope'],
        ['mike', 'update', 'status'],
      ]);
      const status = (name: string) => simulator.operators().find((o) => o.name === name)?.status;
      expect([status('Mike Wilson'), status('Sarah Johnson'), status('John Smith')]).toEqual([
        INACTIVE,
        ACTIVE,
        ACTIVE,
      ]);
    });

    it('should record that deletes were allowed when a run is allowed past the safeguard', async () => {
      const engine = await start();

      const run = await engine.reconcile.reconcile({
        connectorId: 'chathub',
        trigger: 'manual',
        allowDeletes: true,
      });

      expect(run.changes[0]).toMatchObject({ operatorKey: null, action: 'report', field: 'allow-deletes' });
    });
  },
);
