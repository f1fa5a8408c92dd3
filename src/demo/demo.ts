import 'reflect-metadata';

import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';

import { CliExit, ExitCode } from '@app/cli/exit-codes';
import { startDaemon } from '@app/cli/start.command';
import { ConfigError } from '@app/config/config.error';
import { type LoadedConfig, loadConfig } from '@app/config/load-config';
import { DemoAdminClient } from '@app/demo/demo-admin.client';
import {
  assertLoopbackOnly,
  assertPortsFree,
  demoPorts,
  isAddressInUse,
  portTakenMessage,
  resetDemoDatabase,
} from '@app/demo/demo-environment';
import { complain, say } from '@app/demo/demo-narration';
import { tellTheSetting, tellTheStory } from '@app/demo/demo-story';
import {
  type RunningSimulator,
  startSimulatorFleet,
  stopSimulatorFleet,
  wireFleetWebhooks,
} from '@app/simulator/scenarios/simulator-fleet';

export const DEMO_CONFIG_PATH = 'config/demo.yaml';
const SHUTDOWN_GRACE_MS = 10_000;
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

const loadDemoConfig = (env: NodeJS.ProcessEnv): LoadedConfig => {
  const path = env.BRIDGE_CONFIG ?? DEMO_CONFIG_PATH;
  try {
    return loadConfig({ path, env });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new CliExit(ExitCode.USAGE, `invalid configuration (${path}):\n${error.message}`);
    }
    throw error;
  }
};

/** Resolves on the first Ctrl-C (or SIGTERM); a second one ends the process at once. */
const untilStopped = (): Promise<NodeJS.Signals> =>
  new Promise((resolve) => {
    let received = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (++received > 1) {
        process.exit(130);
      }
      resolve(signal);
    };
    SIGNALS.forEach((signal) => process.on(signal, onSignal));
  });

const startFleet = async (loaded: LoadedConfig, env: NodeJS.ProcessEnv): Promise<RunningSimulator[]> => {
  try {
    return await startSimulatorFleet(loaded.config.connectors);
  } catch (error) {
    throw portError(error, loaded, env) ?? error;
  }
};

const portError = (error: unknown, loaded: LoadedConfig, env: NodeJS.ProcessEnv): CliExit | undefined => {
  if (!isAddressInUse(error)) {
    return undefined;
  }
  const use = demoPorts(loaded, env).find((u) => u.port === error.port);
  const message = use ? portTakenMessage(use) : `port ${error.port ?? '?'} is already in use`;
  return new CliExit(ExitCode.FAILED, message);
};

const daemonUrl = (app: NestExpressApplication, env: NodeJS.ProcessEnv): string => {
  const { port } = app.getHttpServer().address() as AddressInfo;
  const host = env.HOST && !['0.0.0.0', '::'].includes(env.HOST) ? env.HOST : '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
};

const stopEverything = async (app: NestExpressApplication | undefined, fleet: RunningSimulator[]) => {
  const force = setTimeout(() => {
    complain(`did not stop within ${SHUTDOWN_GRACE_MS / 1000} s; exiting anyway`);
    process.exit(ExitCode.FAILED);
  }, SHUTDOWN_GRACE_MS);
  force.unref();
  try {
    await app?.close();
  } finally {
    await stopSimulatorFleet(fleet);
    clearTimeout(force);
  }
};

/** `npm run demo`: seeded simulators, the daemon against them, and a narration of what it fixes. */
export const runDemo = async (env: NodeJS.ProcessEnv = process.env): Promise<void> => {
  const stopped = untilStopped();
  const loaded = loadDemoConfig(env);
  const token = loaded.config.server.adminToken;
  if (!token) {
    throw new CliExit(
      ExitCode.USAGE,
      `${loaded.path}: the demo reads the admin API, so server.adminToken must be set`,
    );
  }
  assertLoopbackOnly(loaded);
  await assertPortsFree(demoPorts(loaded, env));
  say(resetDemoDatabase(loaded, env));

  const fleet = await startFleet(loaded, env);
  let app: NestExpressApplication | undefined;
  try {
    tellTheSetting(loaded, fleet);
    // Readable logs for a person at a terminal, unless they asked for something else.
    env.LOG_FORMAT ??= 'pretty';
    const since = new Date();
    // The demo's admin token is well known: it listens on loopback unless HOST says otherwise.
    app = await startDaemon(loaded, { handleSignals: false, defaultHost: '127.0.0.1' }).catch(
      (error: unknown) => {
        throw portError(error, loaded, env) ?? error;
      },
    );
    const url = daemonUrl(app, env);
    wireFleetWebhooks(fleet, url);
    const wired = fleet.filter((s) => s.wireWebhooks).map((s) => s.connectorId);
    say(
      `daemon up at ${url}${wired.length > 0 ? `; the webhooks of ${wired.join(', ')} now point at ${url}/webhooks/<connector id>` : ''}`,
    );
    say(`console: ${url}/ui/ (sign in with the admin token)`);
    const story = tellTheStory({
      loaded,
      fleet,
      client: new DemoAdminClient(url, token),
      since,
      tokenForDisplay: env.BRIDGE_ADMIN_TOKEN === token ? '$BRIDGE_ADMIN_TOKEN' : token,
    });
    // Ctrl-C in the middle of the story stops the demo; the story's own failure then no longer matters.
    story.catch(() => undefined);
    if ((await Promise.race([story.then(() => 'told' as const), stopped])) === 'told') {
      await stopped;
    }
    say('stopping the daemon, then the simulators…');
  } finally {
    await stopEverything(app, fleet);
  }
  say('stopped.');
};

if (require.main === module) {
  runDemo().then(
    () => process.exit(ExitCode.OK),
    (error: unknown) => {
      if (error instanceof CliExit) {
        complain(error.message);
        process.exit(error.code);
      }
      complain(`the demo failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(ExitCode.FAILED);
    },
  );
}
