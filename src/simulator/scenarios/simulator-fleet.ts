import type { ConnectorConfig, ConnectorType } from '@app/core/config.types';
import type { SimulatorServer } from '@app/simulator/framework/simulator-server';
import { chatHubScenario } from '@app/simulator/scenarios/chathub.scenario';
import { chatwootScenario } from '@app/simulator/scenarios/chatwoot.scenario';
import { liveHelperChatScenario } from '@app/simulator/scenarios/livehelperchat.scenario';
import type { DemoScenario, ScenarioSetup } from '@app/simulator/scenarios/scenario.types';
import { tencentScenario } from '@app/simulator/scenarios/tencent.scenario';

type ConfigOf<T extends ConnectorType> = Extract<ConnectorConfig, { type: T }>;
type ScenarioFactory<T extends ConnectorType> = (config: ConfigOf<T>) => ScenarioSetup;

/** Which simulator, seeded with which demo problem, stands in for each connector type. */
const SCENARIOS: { [T in ConnectorType]: ScenarioFactory<T> } = {
  livehelperchat: liveHelperChatScenario,
  chatwoot: chatwootScenario,
  'smsbat-chathub': chatHubScenario,
  'tencent-chat': tencentScenario,
};

export interface RunningCompanion {
  name: string;
  simulator: SimulatorServer;
  url: string;
}

export interface RunningSimulator {
  connectorId: string;
  type: ConnectorType;
  simulator: SimulatorServer;
  url: string;
  /** Further simulators of this connector (Evolution beside Chatwoot). */
  companions: RunningCompanion[];
  /** What was seeded: the handles a story drives the simulators with. */
  scenario: DemoScenario;
  wireWebhooks?: (webhookUrl: string) => void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const isLoopback = (baseUrl: string): boolean => LOOPBACK.has(new URL(baseUrl).hostname);

const listen = async (simulator: SimulatorServer, baseUrl: string): Promise<string> => {
  await simulator.start({ port: Number(new URL(baseUrl).port), host: '127.0.0.1' });
  return simulator.baseUrl;
};

/**
 * Starts a seeded simulator on the port of every enabled loopback connector of the config (and of
 * its companions), with the connector's own credentials.
 */
export const startSimulatorFleet = async (connectors: ConnectorConfig[]): Promise<RunningSimulator[]> => {
  const running: RunningSimulator[] = [];
  try {
    for (const connector of connectors.filter((c) => c.enabled && isLoopback(c.baseUrl))) {
      const factory = SCENARIOS[connector.type] as ScenarioFactory<typeof connector.type>;
      const setup = factory(connector);
      const entry: RunningSimulator = {
        connectorId: connector.id,
        type: connector.type,
        simulator: setup.simulator,
        url: await listen(setup.simulator, connector.baseUrl),
        companions: [],
        scenario: setup.scenario,
        wireWebhooks: setup.wireWebhooks,
      };
      running.push(entry);
      for (const companion of setup.companions.filter((c) => isLoopback(c.baseUrl))) {
        const { name, simulator } = companion;
        entry.companions.push({ name, simulator, url: await listen(simulator, companion.baseUrl) });
      }
    }
  } catch (error) {
    await stopSimulatorFleet(running);
    throw error;
  }
  return running;
};

/** Points every simulator's webhooks at the daemon, each at `/webhooks/<its connector id>`. */
export const wireFleetWebhooks = (fleet: RunningSimulator[], daemonUrl: string): void => {
  for (const running of fleet) {
    running.wireWebhooks?.(`${daemonUrl}/webhooks/${encodeURIComponent(running.connectorId)}`);
  }
};

export const stopSimulatorFleet = async (fleet: RunningSimulator[]): Promise<void> => {
  await Promise.all(
    fleet.flatMap((s) => [s.simulator, ...s.companions.map((c) => c.simulator)]).map((s) => s.stop()),
  );
};
