import type { ConnectorConfig, ConnectorType } from '@app/config/config.types';
import type { SimulatorServer } from '@app/simulator/framework/simulator-server';
import { chatHubSimulatorFor, seedChatHubDocsScenario } from '@app/simulator/scenarios/chathub.scenario';

type ConfigOf<T extends ConnectorType> = Extract<ConnectorConfig, { type: T }>;
type ScenarioFactory<T extends ConnectorType> = (config: ConfigOf<T>) => SimulatorServer;

/** Which simulator, seeded with which demo problem, stands in for each connector type. */
const SCENARIOS: { [T in ConnectorType]?: ScenarioFactory<T> } = {
  'smsbat-chathub': (config) => {
    const simulator = chatHubSimulatorFor(config);
    seedChatHubDocsScenario(simulator, config.options.organizationId);
    return simulator;
  },
};

export interface RunningSimulator {
  connectorId: string;
  type: ConnectorType;
  simulator: SimulatorServer;
  url: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Starts a seeded simulator on the port of every loopback connector of the config. */
export const startSimulatorFleet = async (connectors: ConnectorConfig[]): Promise<RunningSimulator[]> => {
  const running: RunningSimulator[] = [];
  try {
    for (const connector of connectors) {
      const url = new URL(connector.baseUrl);
      const factory = SCENARIOS[connector.type] as ScenarioFactory<typeof connector.type> | undefined;
      if (!factory || !LOOPBACK.has(url.hostname)) {
        continue;
      }
      const simulator = factory(connector);
      await simulator.start({ port: Number(url.port), host: '127.0.0.1' });
      running.push({ connectorId: connector.id, type: connector.type, simulator, url: simulator.baseUrl });
    }
  } catch (error) {
    await stopSimulatorFleet(running);
    throw error;
  }
  return running;
};

export const stopSimulatorFleet = async (fleet: RunningSimulator[]): Promise<void> => {
  await Promise.all(fleet.map((s) => s.simulator.stop()));
};
