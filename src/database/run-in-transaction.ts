import type { DataSource, EntityManager } from 'typeorm';

// TypeORM's better-sqlite3 driver shares ONE connection and ONE query runner. Two overlapping
// `dataSource.transaction()` calls would therefore nest (a SAVEPOINT inside the other's BEGIN), and
// a write made meanwhile would commit or roll back with someone else's transaction. Every write
// through these repositories is queued per data source on SQLite; PostgreSQL's pool needs none.
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

export function isPostgres(dataSource: DataSource): boolean {
  return dataSource.options.type === 'postgres';
}

/**
 * Runs `work` in a transaction. On SQLite, transactions run one at a time, in call order.
 * `work` must not call back into another repository method that writes (it would wait for itself).
 */
export function runInTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (isPostgres(dataSource)) {
    return dataSource.transaction(work);
  }
  return runExclusive(dataSource, () => dataSource.transaction(work));
}

/**
 * Runs `work` on SQLite when the write queue reaches it: no transaction of the queue is open on the
 * shared connection meanwhile, so `work` may drive the connection itself (see sqlite-inbox-writer).
 * On PostgreSQL it runs at once.
 */
export function runExclusive<T>(dataSource: DataSource, work: () => T | Promise<T>): Promise<T> {
  if (isPostgres(dataSource)) {
    return Promise.resolve().then(work);
  }
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  const current = previous.then(work);
  // The queue must survive a failed transaction; the caller still sees the failure through `current`.
  sqliteQueues.set(
    dataSource,
    current.catch(() => undefined),
  );
  return current;
}

/** Splits large batches so no statement exceeds the databases' bound-parameter limits. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/**
 * One statement that needs no transaction of its own: sent as is on PostgreSQL (a BEGIN and a
 * COMMIT fewer), through the write queue on SQLite. Returns the rows it returned.
 */
export async function runStatement(
  dataSource: DataSource,
  sql: string,
  parameters: unknown[],
): Promise<unknown[]> {
  const rows: unknown = isPostgres(dataSource)
    ? await dataSource.query(sql, parameters)
    : await runInTransaction(dataSource, (manager) => manager.query(sql, parameters));
  return Array.isArray(rows) ? (rows as unknown[]) : [];
}
