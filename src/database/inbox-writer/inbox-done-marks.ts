import type BetterSqlite3 from 'better-sqlite3';
import type { DataSource } from 'typeorm';

import { onSqliteConnection } from '@app/database/inbox-writer/sqlite-connection';
import { isPostgres } from '@app/database/run-in-transaction';

const statements = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();

const markDoneStatementOf = (db: BetterSqlite3.Database): BetterSqlite3.Statement => {
  let prepared = statements.get(db);
  if (prepared === undefined) {
    prepared = db.prepare(
      `UPDATE "inbox_events" SET "state" = 'done', "processed_at" = ?
       WHERE "id" IN (SELECT "value" FROM json_each(?))`,
    );
    statements.set(db, prepared);
  }
  return prepared;
};

/**
 * Marks a batch of applied events `done` in one statement (a prepared statement on SQLite, one
 * round trip on PostgreSQL). `processedAt` is ISO text, as stored.
 */
export const markDoneMany = async (
  dataSource: DataSource,
  ids: readonly number[],
  processedAt: string,
): Promise<void> => {
  if (ids.length === 0) {
    return;
  }
  if (isPostgres(dataSource)) {
    await dataSource.query(
      `UPDATE "inbox_events" SET "state" = 'done', "processed_at" = $1 WHERE "id" = ANY($2::int[])`,
      [processedAt, ids],
    );
    return;
  }
  await onSqliteConnection(dataSource, (db) => {
    markDoneStatementOf(db).run(processedAt, JSON.stringify(ids));
  });
};
