import { rmSync } from 'node:fs';
import { createServer } from 'node:net';

import { CliExit, ExitCode } from '@app/cli/exit-codes';
import type { LoadedConfig } from '@app/config/load-config';
import { parseDatabaseUrl } from '@app/database/data-source-options';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface Endpoint {
  /** `"chatwoot"`, or `"chatwoot" (options.evolution)` for a server beside the platform. */
  label: string;
  baseUrl: string;
  /** Whose simulator listens there, for a port conflict. */
  owner: string;
  /** The YAML key to change to move it. */
  key: string;
}

/** Every server an enabled connector talks to: its platform and, for Chatwoot, Evolution API. */
const endpoints = (loaded: LoadedConfig): Endpoint[] =>
  loaded.config.connectors
    .filter((c) => c.enabled)
    .flatMap((c) => [
      {
        label: `"${c.id}"`,
        baseUrl: c.baseUrl,
        owner: `the simulator of connector "${c.id}"`,
        key: 'baseUrl',
      },
      ...(c.type === 'chatwoot' && c.options.evolution
        ? [
            {
              label: `"${c.id}" (options.evolution)`,
              baseUrl: c.options.evolution.baseUrl,
              owner: `the Evolution API simulator of connector "${c.id}"`,
              key: 'options.evolution.baseUrl',
            },
          ]
        : []),
    ]);

/** The demo talks to simulators only: a connector pointing anywhere else would reach a real platform. */
export const assertLoopbackOnly = (loaded: LoadedConfig): void => {
  const remote = endpoints(loaded).filter((e) => !LOOPBACK.has(new URL(e.baseUrl).hostname));
  if (remote.length > 0) {
    throw new CliExit(
      ExitCode.USAGE,
      `${loaded.path}: the demo only runs against loopback simulators, but ${remote.map((e) => `${e.label} (${e.baseUrl})`).join(', ')} ${remote.length === 1 ? 'is' : 'are'} not on a loopback address; use npm start for real platforms`,
    );
  }
};

/**
 * Deletes the demo's SQLite file (and its WAL and shared-memory files) so every demo starts clean.
 * A database chosen with DATABASE_URL, or a PostgreSQL one, belongs to the user and is left alone.
 */
export const resetDemoDatabase = (loaded: LoadedConfig, env: NodeJS.ProcessEnv): string => {
  const url = loaded.config.database.url;
  if (env.DATABASE_URL) {
    return 'DATABASE_URL is set: using that database as it is (not reset)';
  }
  const parsed = parseDatabaseUrl(url);
  if (parsed.kind !== 'sqlite' || parsed.path === ':memory:') {
    return 'database is not a SQLite file: not reset';
  }
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    rmSync(`${parsed.path}${suffix}`, { force: true });
  }
  return `fresh database: ${url}`;
};

const isPortTaken = (port: number, host: string): Promise<boolean> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(true) : reject(error),
    );
    probe.listen(port, host, () => probe.close(() => resolve(false)));
  });

export interface PortUse {
  port: number;
  host: string;
  /** Who listens there: "the daemon". */
  owner: string;
  /** How to move it elsewhere. */
  move: string;
}

/** Checks every port before anything starts, so a taken one fails the demo before it half-starts. */
export const assertPortsFree = async (uses: PortUse[]): Promise<void> => {
  const taken: PortUse[] = [];
  for (const use of uses.filter((u) => u.port !== 0)) {
    if (await isPortTaken(use.port, use.host)) {
      taken.push(use);
    }
  }
  if (taken.length > 0) {
    throw new CliExit(ExitCode.FAILED, taken.map(portTakenMessage).join('\n'));
  }
};

export const portTakenMessage = (use: PortUse): string =>
  `port ${use.port} is taken, but ${use.owner} needs it: stop what holds it (another demo or daemon?) or ${use.move}`;

/** The ports the demo will listen on: the daemon's and one per simulator (Evolution's included). */
export const demoPorts = (loaded: LoadedConfig, env: NodeJS.ProcessEnv): PortUse[] => [
  {
    port: loaded.config.server.port,
    host: env.HOST ?? '0.0.0.0',
    owner: 'the daemon',
    move: 'set PORT=<port> to use another',
  },
  ...endpoints(loaded).map((e) => ({
    port: Number(new URL(e.baseUrl).port),
    host: '127.0.0.1',
    owner: e.owner,
    move: `change that connector's ${e.key} in ${loaded.path}`,
  })),
];

export const isAddressInUse = (error: unknown): error is NodeJS.ErrnoException & { port?: number } =>
  (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
