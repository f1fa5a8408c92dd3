import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { isPostgres } from '@app/database/run-in-transaction';

export type LockResult<T> = { acquired: false } | { acquired: true; result: T };

// SQLite means one instance, so an in-process set is the whole lock; it makes both databases
// answer "held" the same way to overlapping callers in one process.
const heldInProcess = new WeakMap<DataSource, Set<string>>();

/**
 * The 64-bit advisory lock key for a connector: a stable hash (not PostgreSQL's internal
 * `hashtext`, which may change between versions), namespaced so it cannot collide with other
 * applications' advisory locks by accident.
 */
export function connectorLockKey(connectorId: string): string {
  return createHash('sha256')
    .update(`chat-bridge:connector:${connectorId}`)
    .digest()
    .readBigInt64BE(0)
    .toString();
}

@Injectable()
export class ConnectorLockRepository {
  private readonly logger = new Logger(ConnectorLockRepository.name);

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `fn` only if no other holder (another replica, or another caller here) has the connector's
   * lock; otherwise returns `{ acquired: false }` at once without running it. On PostgreSQL this is a
   * session advisory lock on a dedicated connection, so it dies with a crashed replica.
   */
  async withLock<T>(connectorId: string, fn: () => Promise<T>): Promise<LockResult<T>> {
    return isPostgres(this.dataSource)
      ? this.withAdvisoryLock(connectorId, fn)
      : this.withProcessLock(connectorId, fn);
  }

  private async withAdvisoryLock<T>(connectorId: string, fn: () => Promise<T>): Promise<LockResult<T>> {
    const key = connectorLockKey(connectorId);
    const queryRunner = this.dataSource.createQueryRunner();
    try {
      const [row] = (await queryRunner.query('SELECT pg_try_advisory_lock($1::bigint) AS acquired', [
        key,
      ])) as Array<{
        acquired: boolean;
      }>;
      if (row?.acquired !== true) {
        return { acquired: false };
      }
      try {
        return { acquired: true, result: await fn() };
      } finally {
        await this.unlock(queryRunner, connectorId, key);
      }
    } finally {
      await queryRunner.release();
    }
  }

  // Never throws: the work's own result or error is what the caller needs. An unlock fails only on a
  // broken connection, which the pool then discards; the session ends and takes the lock with it.
  private async unlock(queryRunner: QueryRunner, connectorId: string, key: string): Promise<void> {
    try {
      await queryRunner.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
    } catch (error) {
      this.logger.warn(
        `Could not unlock connector ${connectorId}; its session will release it: ${String(error)}`,
      );
    }
  }

  private async withProcessLock<T>(connectorId: string, fn: () => Promise<T>): Promise<LockResult<T>> {
    const held = heldInProcess.get(this.dataSource) ?? new Set<string>();
    heldInProcess.set(this.dataSource, held);
    if (held.has(connectorId)) {
      return { acquired: false };
    }
    held.add(connectorId);
    try {
      return { acquired: true, result: await fn() };
    } finally {
      held.delete(connectorId);
    }
  }
}
