import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';

import { isPostgres, runInTransaction } from '@app/database/run-in-transaction';
import { toIso } from '@app/database/transformers/iso-date.transformer';

export type LockResult<T> = { acquired: false; holder: string | null } | { acquired: true; result: T };

/** A connector lock held by this process. */
export interface HeldLock {
  readonly connectorId: string;
  /** Random per acquisition. */
  readonly token: string;
  /** Extends a lease-based lock; false when it was lost (expired and taken by another holder). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

export type AcquireResult = { acquired: true; lock: HeldLock } | { acquired: false; holder: string | null };

export interface AcquireOptions {
  /** Who asks, for the one who finds it busy: `sync (CLI)`, `daemon`. The pid and host are added. */
  holder: string;
  /** How long an unrenewed SQLite lease stays valid (a crashed holder blocks no longer than this). */
  ttlMs?: number;
}

export const DEFAULT_LEASE_TTL_MS = 30_000;

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

/** `daemon pid 4242 on host-a`: who holds a lock, as the one who finds it busy reads it. */
export const describeHolder = (holder: string): string => `${holder} pid ${process.pid} on ${hostname()}`;

// A holder on this host whose process is gone (kill -9, power cut) need not be waited out.
const isDeadLocalHolder = (holder: string): boolean => {
  const match = /pid (\d+) on (\S+)$/.exec(holder);
  if (!match || match[2] !== hostname() || Number(match[1]) === process.pid) {
    return false;
  }
  try {
    process.kill(Number(match[1]), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

/**
 * One lock per connector, across processes: daemon, CLI and replicas. PostgreSQL: a session
 * advisory lock on a dedicated connection (it dies with a crashed replica), with a row beside it
 * naming the holder. SQLite: a lease row taken by one atomic upsert, renewed while held and
 * expiring when its holder stops renewing.
 */
@Injectable()
export class ConnectorLockRepository {
  private readonly logger = new Logger(ConnectorLockRepository.name);

  constructor(private readonly dataSource: DataSource) {}

  /** Takes the lock if it is free, at once; never waits. */
  async tryAcquire(connectorId: string, options: AcquireOptions): Promise<AcquireResult> {
    const token = randomUUID();
    const holder = describeHolder(options.holder);
    return isPostgres(this.dataSource)
      ? this.tryAdvisoryLock(connectorId, token, holder)
      : this.tryLease(connectorId, token, holder, options.ttlMs ?? DEFAULT_LEASE_TTL_MS);
  }

  /** Runs `fn` under the lock if it is free now; otherwise `{ acquired: false, holder }`. */
  async withLock<T>(
    connectorId: string,
    fn: () => Promise<T>,
    options: AcquireOptions = { holder: 'chat-bridge' },
  ): Promise<LockResult<T>> {
    const attempt = await this.tryAcquire(connectorId, options);
    if (!attempt.acquired) {
      return attempt;
    }
    try {
      return { acquired: true, result: await fn() };
    } finally {
      await attempt.lock.release();
    }
  }

  /** Who holds the connector's lock, as its holder described itself, or null when nobody does. */
  async holderOf(connectorId: string): Promise<string | null> {
    const rows: Array<{ holder: string; expires_at: string }> = await this.dataSource.query(
      `SELECT holder, expires_at FROM connector_leases WHERE connector_id = ${this.param(1)}`,
      [connectorId],
    );
    return rows[0]?.holder ?? null;
  }

  private async tryLease(
    connectorId: string,
    token: string,
    holder: string,
    ttlMs: number,
  ): Promise<AcquireResult> {
    const current = await this.holderOf(connectorId);
    if (current !== null && isDeadLocalHolder(current)) {
      await this.write('DELETE FROM connector_leases WHERE connector_id = ? AND holder = ?', [
        connectorId,
        current,
      ]);
      this.logger.warn(`${connectorId}: took over the lock of ${current}, which no longer runs`);
    }
    const now = new Date();
    // One statement, so SQLite's write lock makes the check and the take atomic across processes.
    const rows = await this.write(
      `INSERT INTO connector_leases (connector_id, token, holder, acquired_at, expires_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (connector_id) DO UPDATE SET token = excluded.token, holder = excluded.holder,
         acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
       WHERE connector_leases.expires_at < excluded.acquired_at
       RETURNING token`,
      [connectorId, token, holder, toIso(now), toIso(new Date(now.getTime() + ttlMs))],
    );
    if (rows.length !== 1) {
      return { acquired: false, holder: await this.holderOf(connectorId) };
    }
    const renew = async (): Promise<boolean> => {
      const renewed = await this.write(
        'UPDATE connector_leases SET expires_at = ? WHERE connector_id = ? AND token = ? RETURNING token',
        [toIso(new Date(Date.now() + ttlMs)), connectorId, token],
      );
      return renewed.length === 1;
    };
    const release = async (): Promise<void> => {
      await this.write('DELETE FROM connector_leases WHERE connector_id = ? AND token = ?', [
        connectorId,
        token,
      ]);
    };
    return { acquired: true, lock: { connectorId, token, renew, release } };
  }

  private async tryAdvisoryLock(connectorId: string, token: string, holder: string): Promise<AcquireResult> {
    const key = connectorLockKey(connectorId);
    const queryRunner = this.dataSource.createQueryRunner();
    try {
      const [row] = (await queryRunner.query('SELECT pg_try_advisory_lock($1::bigint) AS acquired', [
        key,
      ])) as Array<{ acquired: boolean }>;
      if (row?.acquired !== true) {
        await queryRunner.release();
        return { acquired: false, holder: await this.advisoryHolderOf(connectorId, key) };
      }
    } catch (error) {
      await queryRunner.release();
      throw error;
    }
    await this.nameHolder(queryRunner, connectorId, token, holder);
    const release = async (): Promise<void> => {
      try {
        await queryRunner.query('DELETE FROM connector_leases WHERE connector_id = $1 AND token = $2', [
          connectorId,
          token,
        ]);
      } catch {
        // the row only names the holder; the advisory lock below is what matters
      }
      await this.unlock(queryRunner, connectorId, key);
      await queryRunner.release();
    };
    return { acquired: true, lock: { connectorId, token, renew: () => Promise.resolve(true), release } };
  }

  /**
   * The holder's own row names it; a holder that has just taken the lock may not have written it
   * yet, and then PostgreSQL's lock table still says which session holds it.
   */
  private async advisoryHolderOf(connectorId: string, key: string): Promise<string | null> {
    const named = await this.holderOf(connectorId);
    if (named !== null) {
      return named;
    }
    const value = BigInt.asUintN(64, BigInt(key));
    const rows: Array<{ pid: number; application_name: string | null; client_addr: string | null }> =
      await this.dataSource.query(
        `SELECT a.pid, a.application_name, host(a.client_addr) AS client_addr
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid`,
        [(value >> 32n).toString(), (value & 0xffffffffn).toString()],
      );
    const [session] = rows;
    return session
      ? `${session.application_name || 'a client'} (PostgreSQL backend pid ${session.pid}${session.client_addr ? ` from ${session.client_addr}` : ''})`
      : null;
  }

  // Only for humans: the advisory lock is what excludes, this row says who holds it. Never throws:
  // a holder that cannot name itself (its connection just died) still holds what it holds.
  private async nameHolder(queryRunner: QueryRunner, connectorId: string, token: string, holder: string) {
    const now = toIso(new Date());
    try {
      await queryRunner.query(
        `INSERT INTO connector_leases (connector_id, token, holder, acquired_at, expires_at)
         VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (connector_id) DO UPDATE SET token = excluded.token, holder = excluded.holder,
           acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`,
        [connectorId, token, holder, now],
      );
    } catch (error) {
      this.logger.warn(`Could not record the holder of connector ${connectorId}: ${String(error)}`);
    }
  }

  // Never throws: an unlock fails only on a broken connection, which the pool then discards; the
  // session ends and takes the lock with it.
  private async unlock(queryRunner: QueryRunner, connectorId: string, key: string): Promise<void> {
    try {
      await queryRunner.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
    } catch (error) {
      this.logger.warn(
        `Could not unlock connector ${connectorId}; its session will release it: ${String(error)}`,
      );
    }
  }

  // SQLite shares one connection: a statement sent while another caller's transaction is open would
  // commit or roll back with it, so lease writes take their turn in the write queue.
  private async write(sql: string, parameters: unknown[]): Promise<unknown[]> {
    const rows: unknown = await runInTransaction(this.dataSource, (manager) =>
      manager.query(sql, parameters),
    );
    return Array.isArray(rows) ? (rows as unknown[]) : [];
  }

  private param(index: number): string {
    return isPostgres(this.dataSource) ? `$${index}` : '?';
  }
}
