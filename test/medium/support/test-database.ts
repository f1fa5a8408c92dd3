import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openDataSource } from '@app/database/database.module';
import { testDatabaseUrl } from './test-database-env';

export const DATABASE_KINDS = ['sqlite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

/** A real, empty, migrated database of its own for one test file. */
export interface TestDatabase {
  readonly kind: DatabaseKind;
  readonly url: string;
  readonly dataSource: DataSource;
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database nobody else uses: a SQLite file in a new temp dir (in a subdirectory that does
 * not exist yet, so opening it proves the parent is created), or a new database on the test
 * PostgreSQL server, so test files running in parallel workers never see each other's rows.
 */
export async function createScratchDatabase(kind: DatabaseKind): Promise<ScratchDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'chat-bridge-sqlite-'));
    return {
      url: `sqlite:${join(dir, 'nested', 'bridge.sqlite')}`,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const serverUrl = new URL(testDatabaseUrl());
  const name = `cb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/**
 * Registers the hooks of a medium test file: one migrated database for the file, emptied before
 * each test so every test builds its own data from factories.
 */
export function useTestDatabase(kind: DatabaseKind): TestDatabase {
  let scratch: ScratchDatabase | undefined;
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    scratch = await createScratchDatabase(kind);
    dataSource = await openDataSource(scratch.url);
  });
  beforeEach(async () => {
    await emptyTables(required(dataSource));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await scratch?.drop();
  });
  return {
    kind,
    get url() {
      return required(scratch).url;
    },
    get dataSource() {
      return required(dataSource);
    },
  };
}

async function emptyTables(dataSource: DataSource): Promise<void> {
  const tables = dataSource.entityMetadatas
    .slice()
    .sort((a, b) => b.foreignKeys.length - a.foreignKeys.length)
    .map((metadata) => `"${metadata.tableName}"`);
  if (dataSource.options.type === 'postgres') {
    await dataSource.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`);
    return;
  }
  for (const table of tables) {
    await dataSource.query(`DELETE FROM ${table}`);
  }
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

function required<T>(value: T | undefined): T {
  if (value === undefined) {
    throw new Error('The test database is not open yet (use it inside a test or hook)');
  }
  return value;
}
