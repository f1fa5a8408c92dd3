import { CliExit, ExitCode } from '@app/cli/exit-codes';
import type { LoadedConfig } from '@app/config/load-config';
import { startSimulatorFleet, stopSimulatorFleet } from '@app/simulator/scenarios/simulator-fleet';

/** `simulate`: only the seeded loopback simulators of the config, until Ctrl-C. */
export const simulateCommand = async (loaded: LoadedConfig): Promise<void> => {
  const fleet = await startSimulatorFleet(loaded.config.connectors);
  if (fleet.length === 0) {
    throw new CliExit(
      ExitCode.USAGE,
      `no connector of ${loaded.path} points at a loopback address with a simulator`,
    );
  }
  for (const running of fleet) {
    process.stdout.write(
      `simulating ${running.type} for connector "${running.connectorId}" at ${running.url}\n`,
    );
    for (const companion of running.companions) {
      process.stdout.write(`  with ${companion.name} at ${companion.url}\n`);
    }
  }
  process.stdout.write('counters: GET <url>/__simulator/calls — press Ctrl-C to stop\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stopSimulatorFleet(fleet);
};
