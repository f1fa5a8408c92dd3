import type { DataSource } from 'typeorm';

import { AlertRepository } from '@app/alerts/alert.repository';
import type { LoadedConfig } from '@app/config/load-config';
import { validateConfig } from '@app/config/loading/validate-config';
import { openDataSource } from '@app/database/database.module';
import type { ReconcileRequest } from '@app/reconcile/reconcile.types';
import { ChatHubSimulator } from '@app/simulator';

import {
  CHATHUB_ORGANIZATION_ID,
  chatHubConnectorYaml,
  ENGINE_ROSTER,
  loadBridgeYaml,
  rosterWith,
  type RosterYamlEntry,
} from './support/engine-config';
import { useEngineHarness } from './support/engine-harness';
import { DATABASE_KINDS } from './support/test-database';

const CHATHUB_TOKEN = 'alert-producers-chathub-token';
const manual: ReconcileRequest = { connectorId: 'chathub', trigger: 'manual' };

/** The engine's own write path (run recorder, connector health) raising alerts into the table. */
describe.each(DATABASE_KINDS)('alerts raised by the engine on %s', (kind) => {
  const harness = useEngineHarness(kind);
  let simulator: ChatHubSimulator;
  let reader: DataSource | undefined;

  beforeEach(async () => {
    simulator = new ChatHubSimulator({ companyKeys: [CHATHUB_TOKEN] });
    simulator.seed({
      organizations: [{ id: CHATHUB_ORGANIZATION_ID, name: 'Support' }],
      operators: [{ id: 101, name: 'Sarah Johnson', organizationId: CHATHUB_ORGANIZATION_ID }],
    });
    await simulator.start();
  });
  afterEach(async () => {
    await reader?.destroy();
    reader = undefined;
    await simulator.stop();
  });

  const start = (roster: readonly RosterYamlEntry[], token = CHATHUB_TOKEN) => {
    const loaded = loadBridgeYaml(
      harness.dir,
      { databaseUrl: harness.databaseUrl, roster, connector: chatHubConnectorYaml(simulator.baseUrl) },
      { ENGINE_CHATHUB_TOKEN: token },
    );
    const { config } = validateConfig({
      alerts: [{ type: 'webhook', url: 'https://ops.example.com/hook', secret: 'producer-hmac-secret' }],
    });
    const withAlerts: LoadedConfig = { ...loaded, config: { ...loaded.config, alerts: config.alerts } };
    return harness.start(withAlerts);
  };
  const storedAlerts = async () => {
    reader ??= await openDataSource(harness.databaseUrl);
    return (await new AlertRepository(reader).list()).map((alert) => alert.event);
  };

  it('should raise bad_credentials once on the transition and recovered when a run succeeds again', async () => {
    const revoked = await start(ENGINE_ROSTER, 'revoked-token');
    expect((await revoked.reconcile.reconcile(manual)).outcome).toBe('failed');
    expect((await revoked.reconcile.reconcile(manual)).outcome).toBe('failed');
    expect(await storedAlerts()).toEqual(['connector.bad_credentials']);
    await revoked.close();

    const healed = await start(ENGINE_ROSTER);
    expect((await healed.reconcile.reconcile(manual)).outcome).toBe('ok');
    expect((await healed.reconcile.reconcile(manual)).outcome).toBe('ok');

    expect(await storedAlerts()).toEqual(['connector.bad_credentials', 'connector.recovered']);
  });

  it('should raise run.blocked when the deletion safeguard blocks a run, and nothing for its dry run', async () => {
    const first = await start(rosterWith({ mike: 'active' }));
    expect((await first.reconcile.reconcile(manual)).outcome).toBe('ok');
    await first.close();
    const engine = await start(
      rosterWith({ mike: 'active', anna: 'inactive', john: 'inactive', sarah: 'inactive' }),
    );

    expect((await engine.reconcile.reconcile({ ...manual, dryRun: true })).outcome).toBe('blocked');
    expect(await storedAlerts()).toEqual([]);
    expect((await engine.reconcile.reconcile(manual)).outcome).toBe('blocked');

    expect(await storedAlerts()).toEqual(['run.blocked']);
  });
});
