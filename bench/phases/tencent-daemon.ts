import { join } from 'node:path';

import { BenchDaemon } from '../daemon';
import { bridgeYaml, connectorYaml } from '../bench-platforms';
import { startHelper, waitFor } from '../processes';
import { type RunningSimulators, startSimulators } from '../simulators';
import { CallbackBodies, CallbackPaths } from '../tencent-callbacks';

/** Calls per second of the Tencent connector (and simulator, unlimited) of the webhook phases. */
const TENCENT_RATE = 1000;

export interface TencentSetup {
  daemon: BenchDaemon;
  simulators: RunningSimulators;
  stop(): Promise<void>;
}

/**
 * A daemon with one Tencent connector and `operators` roster agents, synced by its start-up run,
 * each of them logged in through a signed `State.StateChange` callback, its inbox drained.
 */
export const startTencentDaemon = async (
  databaseUrl: (dir: string) => string,
  operators: number,
): Promise<TencentSetup> => {
  const simulators = await startSimulators({ tencent: 0 });
  const daemon = new BenchDaemon((dir) =>
    bridgeYaml({
      databaseUrl: databaseUrl(dir),
      operators,
      connectors: [connectorYaml('tencent', simulators.urls.tencent!, TENCENT_RATE)],
    }),
  );
  const stop = async () => {
    await daemon.stop();
    await simulators.stop();
  };
  try {
    await daemon.start();
    const run = await daemon.startupRun('tencent', 300_000);
    if (run.outcome !== 'ok') {
      throw new Error(`the start-up run ended ${run.outcome}: ${run.error}`);
    }
    await logEveryoneIn(daemon, operators);
    await drainInbox(daemon);
    return { daemon, simulators, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

const logEveryoneIn = async (daemon: BenchDaemon, operators: number): Promise<void> => {
  const paths = new CallbackPaths();
  const bodies = new CallbackBodies(operators);
  for (let i = 0; i < operators; i += 50) {
    const batch = Array.from({ length: Math.min(50, operators - i) }, (_, j) => i + j);
    const answers = await Promise.all(
      batch.map((index) =>
        fetch(`${daemon.url}${paths.path('State.StateChange')}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: bodies.stateChange(index, 'Login'),
        }),
      ),
    );
    const refused = answers.find((a) => !a.ok);
    if (refused) {
      throw new Error(`a Login callback was answered ${refused.status}`);
    }
  }
};

/** Waits until the inbox processor has caught up, so one phase does not disturb the next. */
export const drainInbox = (daemon: BenchDaemon): Promise<true> =>
  waitFor(
    async () => ((await daemon.pendingEvents()) === 0 ? true : undefined),
    'the inbox to drain',
    600_000,
    500,
  );

/** The bare NestJS app of bare-app.ts, in its own process. */
export const startBareApp = () => startHelper<{ url: string }>(join(__dirname, '../bare-app.js'));
