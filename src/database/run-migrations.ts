import { createHash } from 'node:crypto';

import type { DataSource } from 'typeorm';

import { isPostgres } from '@app/database/run-in-transaction';

// Stable, namespaced key (not PostgreSQL's `hashtext`), like the connector locks'.
export const MIGRATION_LOCK_KEY = createHash('sha256')
  .update('chat-bridge:migrations')
  .digest()
  .readBigInt64BE(0)
  .toString();

/**
 * Applies pending migrations, all in one transaction. On PostgreSQL several replicas may start
 * together on an empty database: each waits for a session advisory lock first, so one migrates
 * and the others then find nothing left to do (without it, two `CREATE TABLE`s race and one fails
 * with `duplicate key … pg_type_typname_nsp_index`). SQLite has a single writer and needs none.
 * Returns the names of the migrations this process applied.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  if (!isPostgres(dataSource)) {
    return (await dataSource.runMigrations({ transaction: 'all' })).map((m) => m.name);
  }
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    try {
      return (await dataSource.runMigrations({ transaction: 'all' })).map((m) => m.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
  }
}
