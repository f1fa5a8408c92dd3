import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';

import { AlertEntity } from '@app/database/entities/alert.entity';
import { replicaIdOf } from '@app/database/replica-identity';
import { isPostgres, runInTransaction } from '@app/database/run-in-transaction';
import { toIso } from '@app/database/transformers/iso-date.transformer';

/** An alert for one sink, as the raiser stores it (already redacted). */
export interface NewAlert {
  sink: string;
  event: string;
  connectorId: string;
  message: string;
  details: string;
}

/** What the raiser decides from: the sink's recent alerts about one connector, newest first. */
export interface RecentAlert {
  event: string;
  createdAt: Date;
}

/**
 * Decides, inside the transaction that would store the alert, whether it is stored: `recent` are
 * the sink's alerts about the connector within the dedupe window, `lastHour` counts all of the
 * sink's alerts of the past hour.
 */
export type AdmitAlert = (recent: RecentAlert[], lastHour: number) => 'store' | 'duplicate' | 'rate_limited';

const CLAIMABLE_STATES = ['pending', 'failed'];
const FINAL_STATES = ['sent', 'dead'];
const HOUR_MS = 3_600_000;
// More than enough to find the latest alert of each event about one connector.
const RECENT_LIMIT = 50;

/** The alerts table: insert with dedupe and rate limit, claim due rows, settle them, prune. */
@Injectable()
export class AlertRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores the alert unless `admit` says otherwise, deciding and inserting in one transaction.
   * Returns the decision and, when stored, the new row's id.
   */
  insertIfAdmitted(
    alert: NewAlert,
    params: { windowMs: number; admit: AdmitAlert; now?: Date },
  ): Promise<{ decision: ReturnType<AdmitAlert>; id?: number }> {
    const now = params.now ?? new Date();
    return runInTransaction(this.dataSource, async (manager) => {
      const recent = await manager
        .createQueryBuilder(AlertEntity, 'alert')
        .where('alert.sink = :sink', { sink: alert.sink })
        .andWhere('alert.connectorId = :connectorId', { connectorId: alert.connectorId })
        .andWhere('alert.createdAt >= :since', { since: toIso(new Date(now.getTime() - params.windowMs)) })
        .orderBy('alert.id', 'DESC')
        .limit(RECENT_LIMIT)
        .getMany();
      const lastHour = await manager
        .createQueryBuilder(AlertEntity, 'alert')
        .where('alert.sink = :sink', { sink: alert.sink })
        .andWhere('alert.createdAt >= :since', { since: toIso(new Date(now.getTime() - HOUR_MS)) })
        .getCount();
      const decision = params.admit(recent, lastHour);
      if (decision !== 'store') {
        return { decision };
      }
      const stored = await manager.save(
        manager.create(AlertEntity, {
          ...alert,
          createdAt: now,
          state: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          lastError: null,
          sentAt: null,
          claimedBy: null,
        }),
      );
      return { decision, id: stored.id };
    });
  }

  /**
   * Claims up to `limit` due alerts, counting the attempt and moving `next_attempt_at` past the
   * lease, so a replica that dies mid-send gives them back when the lease ends. On PostgreSQL rows
   * another replica is claiming are skipped (FOR UPDATE SKIP LOCKED): no alert goes out twice.
   */
  async claimDue(params: { limit: number; leaseMs: number; now?: Date }): Promise<AlertEntity[]> {
    const now = params.now ?? new Date();
    return runInTransaction(this.dataSource, async (manager) => {
      const select = manager
        .createQueryBuilder(AlertEntity, 'alert')
        .select('alert.id', 'id')
        .where('alert.state IN (:...states)', { states: CLAIMABLE_STATES })
        .andWhere('alert.nextAttemptAt <= :now', { now: toIso(now) })
        .orderBy('alert.nextAttemptAt', 'ASC')
        .addOrderBy('alert.id', 'ASC')
        .limit(params.limit);
      if (isPostgres(this.dataSource)) {
        select.setLock('pessimistic_write').setOnLocked('skip_locked');
      }
      const ids = (await select.getRawMany<{ id: number | string }>()).map((row) => Number(row.id));
      if (ids.length === 0) {
        return [];
      }
      await manager
        .createQueryBuilder()
        .update(AlertEntity)
        .set({
          attempts: () => '"attempts" + 1',
          nextAttemptAt: new Date(now.getTime() + params.leaseMs),
          claimedBy: replicaIdOf(this.dataSource),
        })
        .where({ id: In(ids) })
        .execute();
      const claimed = await manager.findBy(AlertEntity, { id: In(ids) });
      return ids.flatMap((id) => claimed.filter((alert) => alert.id === id));
    });
  }

  async markSent(id: number, now = new Date()): Promise<void> {
    await this.update(id, { state: 'sent', sentAt: now, lastError: null });
  }

  async markFailed(id: number, error: string, nextAttemptAt: Date): Promise<void> {
    await this.update(id, { state: 'failed', lastError: error, nextAttemptAt });
  }

  async markDead(id: number, error: string): Promise<void> {
    await this.update(id, { state: 'dead', lastError: error });
  }

  findById(id: number): Promise<AlertEntity | null> {
    return this.dataSource.getRepository(AlertEntity).findOneBy({ id });
  }

  /** Oldest first. */
  list(): Promise<AlertEntity[]> {
    return this.dataSource.getRepository(AlertEntity).find({ order: { id: 'ASC' } });
  }

  /**
   * Deletes up to `batch` sent or dead alerts created before `before`, oldest first. Returns how
   * many went; call again until fewer than `batch` went.
   */
  prune(before: Date, batch: number): Promise<number> {
    return runInTransaction(this.dataSource, async (manager) => {
      const rows = await manager
        .createQueryBuilder(AlertEntity, 'alert')
        .select('alert.id', 'id')
        .where('alert.state IN (:...states)', { states: FINAL_STATES })
        .andWhere('alert.createdAt < :before', { before: toIso(before) })
        .orderBy('alert.id', 'ASC')
        .limit(batch)
        .getRawMany<{ id: number | string }>();
      if (rows.length === 0) {
        return 0;
      }
      const result = await manager.delete(AlertEntity, { id: In(rows.map((row) => Number(row.id))) });
      return result.affected ?? rows.length;
    });
  }

  private async update(id: number, values: Partial<AlertEntity>): Promise<void> {
    await runInTransaction(this.dataSource, (manager) => manager.update(AlertEntity, { id }, values));
  }
}
