import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

import { testDatabaseUrl } from '../../medium/support/test-database-env';

export const FUZZ_DATABASES = ['sqlite', 'postgres'] as const;
export type FuzzDatabaseKind = (typeof FUZZ_DATABASES)[number];

/** An empty database for one daemon; the daemon migrates it at start. */
export interface FuzzDatabase {
  kind: FuzzDatabaseKind;
  /** What `database.url` in bridge.yaml gets. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A SQLite file in a new temp dir, or a new database on the PostgreSQL the medium tier's global
 * setup started (TEST_DATABASE_URL): one per daemon, so parallel workers never share rows.
 */
export async function createFuzzDatabase(kind: FuzzDatabaseKind): Promise<FuzzDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'chat-bridge-fuzz-db-'));
    return {
      kind,
      url: `sqlite:${join(dir, 'bridge.sqlite')}`,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const server = new URL(testDatabaseUrl());
  const name = `cb_fuzz_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(server, `CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    drop: () => adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function adminQuery(server: URL, sql: string): Promise<void> {
  const client = new Client({ connectionString: server.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
