import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { DataSourceOptions } from 'typeorm';
import { DATABASE_ENTITIES } from '@app/database/database.entities';
import { DATABASE_MIGRATIONS } from '@app/database/database.migrations';
import { parseDatabaseUrl } from '@app/database/database-url';

export {
  type ParsedDatabaseUrl,
  type PostgresConnection,
  parseDatabaseUrl,
  redactDatabaseUrl,
} from '@app/database/database-url';

const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * TypeORM options for `database.url`. The schema is owned by the migrations, which run at start
 * under a lock (see run-migrations.ts), not by TypeORM's `migrationsRun`; `synchronize` stays off.
 * For SQLite the parent directory is created here.
 */
export function createDataSourceOptions(url: string): DataSourceOptions {
  const parsed = parseDatabaseUrl(url);
  const common = {
    entities: DATABASE_ENTITIES,
    migrations: DATABASE_MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as const;
  if (parsed.kind === 'postgres') {
    const { kind: _kind, ...connection } = parsed;
    return { ...common, ...connection, type: 'postgres', applicationName: 'chat-bridge' };
  }
  if (parsed.path !== ':memory:') {
    mkdirSync(dirname(parsed.path), { recursive: true });
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: parsed.path,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    prepareDatabase: (db: BetterSqlite3.Database) => {
      // WAL lets the CLI read while the daemon writes; busy_timeout makes a second process wait
      // for the write lock instead of failing at once.
      db.pragma('journal_mode = WAL');
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      db.pragma('foreign_keys = ON');
      // In WAL mode NORMAL still survives a process crash (kill -9): a committed transaction is in
      // the WAL file. Only an OS crash or power cut can lose the last commits; FULL would fsync
      // on every webhook.
      db.pragma('synchronous = NORMAL');
    },
  };
}
