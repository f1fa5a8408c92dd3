import { ConnectorBusyError } from '@app/runs/run-errors';
import { openDataSource } from '@app/database/database.module';
import { ReconcileService } from '@app/reconcile/reconcile.service';
import { CHATHUB_ROUTES, ChatHubSimulator } from '@app/simulator';
import { CHATHUB_ORGANIZATION_ID, chatHubConnectorYaml, ENGINE_ROSTER } from './support/engine-config';
import { bridgeStarter, useEngineHarness } from './support/engine-harness';

const CHATHUB_TOKEN = 'engine-chathub-company-token';
const TENCENT_SECRET = 'engine-tencent-secret-key';
const ENV = {
  ENGINE_CHATHUB_TOKEN: CHATHUB_TOKEN,
  ENGINE_TENCENT_SECRET: TENCENT_SECRET,
  ENGINE_TENCENT_CALLBACK_TOKEN: 'engine-tencent-callback-token',
};
const ORG = CHATHUB_ORGANIZATION_ID;

describe(`${ReconcileService.name} on two app contexts sharing one PostgreSQL database`, () => {
  const harness = useEngineHarness('postgres');
  let simulator: ChatHubSimulator;
  const start = bridgeStarter(harness, {
    connector: () => chatHubConnectorYaml(simulator.baseUrl),
    roster: ENGINE_ROSTER,
    env: ENV,
  });

  beforeEach(async () => {
    simulator = new ChatHubSimulator({ companyKeys: [CHATHUB_TOKEN] });
    simulator.seed({ organizations: [{ id: ORG, name: 'Support' }] });
    await simulator.start();
  });

  afterEach(() => simulator.stop());

  it('should let exactly one replica reconcile when two replicas run the same connector at once', async () => {
    const replicas = [await start(), await start()];
    // Whichever replica takes the connector's lock stops at its first write (its run row) until the
    // other has been refused: the two overlap by construction, not by a delay guessed long enough.
    const gate = await openDataSource(harness.databaseUrl);
    const gatekeeper = gate.createQueryRunner();
    await gatekeeper.startTransaction();
    await gatekeeper.query('LOCK TABLE "runs" IN EXCLUSIVE MODE');
    let results: Array<PromiseSettledResult<unknown>>;
    try {
      const attempts = replicas.map((replica) =>
        replica.reconcile.reconcile({ connectorId: 'chathub', trigger: 'schedule' }),
      );
      const first = await Promise.race(
        attempts.map((attempt) =>
          attempt.then(
            () => 'ran',
            () => 'refused',
          ),
        ),
      );
      expect(first).toBe('refused');
      await gatekeeper.rollbackTransaction();
      results = await Promise.allSettled(attempts);
    } finally {
      if (gatekeeper.isTransactionActive) {
        await gatekeeper.rollbackTransaction();
      }
      await gatekeeper.release();
      await gate.destroy();
    }

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusal = results.find((r) => r.status === 'rejected')?.reason as unknown;
    expect(refusal).toBeInstanceOf(ConnectorBusyError);
    // Named by its own row, or (if it has not written it yet) by PostgreSQL's lock table.
    expect((refusal as ConnectorBusyError).holder).toMatch(
      /^(daemon pid \d+ on |chat-bridge \(PostgreSQL backend pid \d+)/,
    );
    expect(simulator.calls(CHATHUB_ROUTES.synchronize)).toBe(1);
    expect(simulator.operators().map((o) => o.name)).toEqual([
      'Anna Kovalenko',
      'John Smith',
      'Sarah Johnson',
    ]);
    expect(await replicas[0].runs.list({ connectorId: 'chathub', limit: 10 })).toHaveLength(1);
  });
});
