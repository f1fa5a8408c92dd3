import type { ConnectorConfig } from '@app/core/config.types';
import { loadConfig } from '@app/config/load-config';
import type { LhcDemoScenario, TencentDemoScenario } from '@app/simulator/scenarios/scenario.types';
import {
  type RunningSimulator,
  startSimulatorFleet,
  stopSimulatorFleet,
  wireFleetWebhooks,
} from '@app/simulator/scenarios/simulator-fleet';

/** The demo's connectors, moved to free ports so the spec never meets a running demo. */
const demoConnectors = (): ConnectorConfig[] =>
  loadConfig({ path: 'config/demo.yaml', env: {} }).config.connectors.map((c) => {
    const anyPort = (url: string) => url.replace(/:\d+/, ':0');
    return c.type === 'chatwoot' && c.options.evolution
      ? {
          ...c,
          baseUrl: anyPort(c.baseUrl),
          options: {
            ...c.options,
            evolution: { ...c.options.evolution, baseUrl: anyPort(c.options.evolution.baseUrl) },
          },
        }
      : { ...c, baseUrl: anyPort(c.baseUrl) };
  });

describe(startSimulatorFleet.name, () => {
  let fleet: RunningSimulator[] = [];

  afterEach(async () => {
    await stopSimulatorFleet(fleet);
    fleet = [];
  });

  it('should start a seeded simulator for each demo connector, with Evolution beside Chatwoot', async () => {
    fleet = await startSimulatorFleet(demoConnectors());

    expect(fleet.map((s) => [s.connectorId, s.scenario.type])).toEqual([
      ['lhc', 'livehelperchat'],
      ['chatwoot', 'chatwoot'],
      ['chathub', 'smsbat-chathub'],
      ['tencent', 'tencent-chat'],
    ]);
    expect(fleet.find((s) => s.connectorId === 'chatwoot')?.companions.map((c) => c.name)).toEqual([
      'Evolution API',
    ]);
    const { lhc, ids } = fleet[0].scenario as LhcDemoScenario;
    expect(lhc.user(ids.apiUserId)).toEqual(expect.objectContaining({ email: 'api@example.com' }));
  });

  it("should accept exactly the connector's credentials on Chatwoot and Evolution", async () => {
    fleet = await startSimulatorFleet(demoConnectors());
    const chatwoot = fleet.find((s) => s.connectorId === 'chatwoot')!;
    const evolution = chatwoot.companions[0];

    const profile = (token: string) =>
      fetch(`${chatwoot.url}/api/v1/profile`, { headers: { api_access_token: token } });
    const find = (apiKey: string) =>
      fetch(`${evolution.url}/chatwoot/find/acme-wa`, { headers: { apikey: apiKey } });

    expect((await profile('demo-chatwoot-token')).status).toBe(200);
    expect((await profile('wrong')).status).toBe(401);
    expect((await find('demo-evolution-api-key')).status).toBe(200);
    expect((await find('wrong')).status).toBe(401);
  });

  it("should point each simulator's webhooks at /webhooks/<connector id> of the daemon", async () => {
    fleet = await startSimulatorFleet(demoConnectors());

    wireFleetWebhooks(fleet, 'http://127.0.0.1:3999');

    const tencent = fleet.find((s) => s.connectorId === 'tencent')!.scenario as TencentDemoScenario;
    expect(tencent.callbacks).toBeDefined();
    expect(fleet.filter((s) => s.wireWebhooks).map((s) => s.connectorId)).toEqual([
      'lhc',
      'chatwoot',
      'tencent',
    ]);
  });
});
