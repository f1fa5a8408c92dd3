import { Injectable } from '@nestjs/common';
import type BetterSqlite3 from 'better-sqlite3';
import { DataSource } from 'typeorm';

import type { Availability } from '@app/core/operator.types';
import { announceChangeCtes, noticeTailOf } from '@app/database/announce-change';
import { CHANGE_CHANNEL, type DirectoryChange } from '@app/database/change-feed.types';
import { onSqliteConnection, preparedPerConnection } from '@app/database/inbox-writer/sqlite-connection';
import { isPostgres } from '@app/database/run-in-transaction';
import { toIso } from '@app/database/transformers/iso-date.transformer';

export interface ObservationWrite {
  operatorKey: string;
  connectorId: string;
  remoteId: string;
  availability: Availability;
  at: Date;
  /** Recorded on the link, never merged into the operator's availability. */
  weak: boolean;
  now?: Date;
}

export interface ObservationWritten {
  /** The observation used up one of chat-bridge's own recent writes: not news. */
  echo: boolean;
  /** The operator's merged availability took it ("newer wins"). */
  stored: boolean;
}

/**
 * The database side of one availability observation, in ONE transaction: the link's last value,
 * the echo check (a matching recent write of ours is used up), and, unless it was an echo or weak,
 * the conditional "newer wins" update of the operator, announced to other replicas on commit.
 * Everything is decided by the database, so replicas draining events of one operator agree; and a
 * failure leaves nothing half done (no link moved for an observation that was never merged).
 */
@Injectable()
export class AvailabilityObservationRepository {
  constructor(private readonly dataSource: DataSource) {}

  record(write: ObservationWrite): Promise<ObservationWritten> {
    const now = toIso(write.now ?? new Date());
    return isPostgres(this.dataSource)
      ? this.recordPostgres(write, now)
      : onSqliteConnection(this.dataSource, (db) => statementsOf(db).record(write, now));
  }

  /**
   * One statement, so one round trip and its own transaction. Its parts see the same snapshot and
   * only each other's RETURNING: the operator update reads the echo's. The echo is locked FOR
   * UPDATE SKIP LOCKED, so two replicas draining two reports of one write cannot both take it.
   */
  private async recordPostgres(write: ObservationWrite, now: string): Promise<ObservationWritten> {
    const sql = `WITH
      link AS (
        UPDATE operator_links SET remote_availability = $3::varchar
        WHERE connector_id = $1::varchar AND remote_id = $2::varchar
          AND remote_availability IS DISTINCT FROM $3::varchar
        RETURNING operator_key
      ),
      echo AS (
        DELETE FROM availability_echoes WHERE id = (
          SELECT id FROM availability_echoes
          WHERE connector_id = $1::varchar AND remote_id = $2::varchar AND availability = $3::varchar
            AND expires_at >= $4::varchar
          ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id
      ),
      merged AS (
        UPDATE operators SET availability = $3::varchar, availability_at = $6::varchar,
          availability_connector_id = $1::varchar, updated_at = $4::varchar
        WHERE "key" = $5::varchar AND NOT $7::boolean AND NOT EXISTS (SELECT 1 FROM echo)
          AND (availability_at IS NULL OR availability_at < $6::varchar)
        RETURNING "key"
      ),
      ${announceChangeCtes('$8::text', '$9', 'EXISTS (SELECT 1 FROM link) OR EXISTS (SELECT 1 FROM merged)')}
      SELECT (SELECT count(*) FROM echo)::int AS echo, (SELECT count(*) FROM merged)::int AS stored,
        (SELECT count(*) FROM announced)::int AS announced`;
    const change: DirectoryChange = { keys: [write.operatorKey] };
    const rows: Array<{ echo: number; stored: number }> = await this.dataSource.query(sql, [
      write.connectorId,
      write.remoteId,
      write.availability,
      now,
      write.operatorKey,
      toIso(write.at),
      write.weak,
      CHANGE_CHANNEL,
      noticeTailOf(this.dataSource, 'directory', change),
    ]);
    return { echo: rows[0].echo > 0, stored: rows[0].stored > 0 };
  }
}

interface Statements {
  record: (write: ObservationWrite, now: string) => ObservationWritten;
}

const prepare = (db: BetterSqlite3.Database): Statements => {
  const link = db.prepare(
    `UPDATE operator_links SET remote_availability = @availability
     WHERE connector_id = @connectorId AND remote_id = @remoteId AND remote_availability IS NOT @availability`,
  );
  const echo = db.prepare(
    `DELETE FROM availability_echoes WHERE id = (
       SELECT id FROM availability_echoes
       WHERE connector_id = @connectorId AND remote_id = @remoteId AND availability = @availability
         AND expires_at >= @now
       ORDER BY id LIMIT 1)`,
  );
  const merge = db.prepare(
    `UPDATE operators SET availability = @availability, availability_at = @at,
       availability_connector_id = @connectorId, updated_at = @now
     WHERE "key" = @operatorKey AND (availability_at IS NULL OR availability_at < @at)`,
  );
  // SQLite has one process: it mirrors its own writes in memory and nobody needs telling.
  const record = db.transaction((write: ObservationWrite, now: string): ObservationWritten => {
    const parameters = {
      connectorId: write.connectorId,
      remoteId: write.remoteId,
      availability: write.availability,
      operatorKey: write.operatorKey,
      at: toIso(write.at),
      now,
    };
    link.run(parameters);
    const isEcho = echo.run(parameters).changes > 0;
    if (isEcho || write.weak) {
      return { echo: isEcho, stored: false };
    }
    return { echo: false, stored: merge.run(parameters).changes > 0 };
  });
  return { record };
};

const statementsOf = preparedPerConnection(prepare);
