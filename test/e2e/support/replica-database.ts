import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import {
  type PostgresServer,
  startPostgresServer,
  stopPostgresServer,
} from '../../medium/support/postgres-server';

/** An empty PostgreSQL database the replicas share, and a connection for the test to look inside. */
export interface ReplicaDatabase {
  url: string;
  query<T>(sql: string, parameters?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * On TEST_DATABASE_URL's server when set (its user needs CREATEDB), otherwise on a throwaway
 * cluster of this test file's own, as the medium tier's global setup starts one.
 */
export async function createReplicaDatabase(): Promise<ReplicaDatabase> {
  const server: PostgresServer | undefined = process.env.TEST_DATABASE_URL
    ? undefined
    : await startPostgresServer();
  const serverUrl = new URL(process.env.TEST_DATABASE_URL ?? server?.url ?? '');
  const name = `cb_replicas_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    query: async <T>(sql: string, parameters: unknown[] = []) =>
      (await client.query(sql, parameters)).rows as T[],
    close: async () => {
      await client.end().catch(() => undefined);
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      if (server) {
        await stopPostgresServer(server);
      }
    },
  };
}

async function adminQuery(serverUrl: URL, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
