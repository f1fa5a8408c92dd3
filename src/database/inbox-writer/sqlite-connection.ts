import type BetterSqlite3 from 'better-sqlite3';
import type { DataSource } from 'typeorm';

import { runExclusive } from '@app/database/run-in-transaction';

/** The one connection TypeORM's better-sqlite3 driver holds. */
export const sqliteConnectionOf = (dataSource: DataSource): BetterSqlite3.Database =>
  (dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;

/**
 * Runs `work` on the SQLite connection TypeORM's better-sqlite3 driver holds, in the write queue's
 * turn (no queued transaction is open meanwhile). For the hot paths that use prepared statements.
 */
export const onSqliteConnection = <T>(
  dataSource: DataSource,
  work: (db: BetterSqlite3.Database) => T,
): Promise<T> =>
  runExclusive(dataSource, () => {
    const db = sqliteConnectionOf(dataSource);
    if (db.inTransaction) {
      // Working inside someone else's transaction would tie this work to its COMMIT or ROLLBACK.
      throw new Error('a transaction is open on the SQLite connection outside the write queue');
    }
    try {
      return work(db);
    } catch (error) {
      // better-sqlite3 throws its own SqliteError; callers get one Error type on both databases,
      // as TypeORM's QueryFailedError gives them on the other paths.
      throw new Error(`SQLite: ${(error as { message?: string } | null)?.message ?? String(error)}`, {
        cause: error,
      });
    }
  });

/**
 * `prepare` run once per connection: the statements live as long as the connection (a test's
 * second database gets its own), and a hot path does not prepare them again per call.
 */
export const preparedPerConnection = <S>(
  prepare: (db: BetterSqlite3.Database) => S,
): ((db: BetterSqlite3.Database) => S) => {
  const prepared = new WeakMap<BetterSqlite3.Database, S>();
  return (db) => {
    let statements = prepared.get(db);
    if (statements === undefined) {
      statements = prepare(db);
      prepared.set(db, statements);
    }
    return statements;
  };
};
