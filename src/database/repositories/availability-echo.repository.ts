import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Availability } from '@app/core/operator.types';
import { AvailabilityEchoEntity } from '@app/database/entities/availability-echo.entity';
import { isPostgres, runInTransaction, runStatement } from '@app/database/run-in-transaction';
import { toIso } from '@app/database/transformers/iso-date.transformer';

export interface EchoKey {
  connectorId: string;
  remoteId: string;
  availability: Availability;
}

/**
 * chat-bridge's recent availability writes, shared by every replica: the one that drains a
 * platform's report of a write may not be the one that made it.
 */
@Injectable()
export class AvailabilityEchoRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a write; expired ones go at the same time, so the table stays as small as the window. */
  async remember(echo: EchoKey & { expiresAt: Date }, now = new Date()): Promise<void> {
    await runInTransaction(this.dataSource, async (manager) => {
      await manager
        .createQueryBuilder()
        .delete()
        .from(AvailabilityEchoEntity)
        .where('expires_at < :now', { now: toIso(now) })
        .execute();
      await manager.insert(AvailabilityEchoEntity, echo);
    });
  }

  /**
   * True when a live write matches the observation, and that write is used up in the same
   * statement: two replicas draining two reports of one write cannot both take it as an echo
   * (SKIP LOCKED sends the second to another matching write, or to none).
   */
  async consume(key: EchoKey, now = new Date()): Promise<boolean> {
    const postgres = isPostgres(this.dataSource);
    const p = (i: number) => (postgres ? `$${i}` : '?');
    const oldest = `SELECT id FROM availability_echoes
      WHERE connector_id = ${p(1)} AND remote_id = ${p(2)} AND availability = ${p(3)} AND expires_at >= ${p(4)}
      ORDER BY id LIMIT 1`;
    // TypeORM answers a PostgreSQL DELETE with [rows, count]; wrapped in a SELECT it answers rows.
    const sql = postgres
      ? `WITH gone AS (DELETE FROM availability_echoes WHERE id = (${oldest} FOR UPDATE SKIP LOCKED) RETURNING id)
         SELECT id FROM gone`
      : `DELETE FROM availability_echoes WHERE id = (${oldest}) RETURNING id`;
    const rows = await runStatement(this.dataSource, sql, [
      key.connectorId,
      key.remoteId,
      key.availability,
      toIso(now),
    ]);
    return rows.length > 0;
  }
}
