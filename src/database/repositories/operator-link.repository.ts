import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Availability, OperatorStatus } from '@app/core/operator.types';
import { announceChange } from '@app/database/announce-change';
import type { DirectoryChange } from '@app/database/change-feed.types';
import { OperatorLinkEntity } from '@app/database/entities/operator-link.entity';
import { chunk, isPostgres, runInTransaction } from '@app/database/run-in-transaction';
import { plainRows } from '@app/database/repositories/operator-rows';

/** What a connector last reported about a linked remote operator. */
export interface RemoteSighting {
  remoteName: string;
  remoteEmail?: string | null;
  remoteStatus?: OperatorStatus | null;
  remoteAvailability?: Availability | null;
  seenAt: Date;
}

export interface OperatorLinkUpsert extends RemoteSighting {
  connectorId: string;
  operatorKey: string;
  remoteId: string;
}

const UPSERT_COLUMNS = [
  'remote_id',
  'remote_name',
  'remote_email',
  'remote_status',
  'remote_availability',
  'seen_at',
];
// 9 columns a row: well under SQLite's (and PostgreSQL's) bound-parameter limits.
const UPSERT_ROWS_PER_STATEMENT = 100;
// Bounds how long one transaction holds SQLite's single writer (and the notice's key list).
const UPSERTS_PER_TRANSACTION = 1000;

const linkValues = (link: OperatorLinkUpsert) => ({
  ...link,
  remoteEmail: link.remoteEmail ?? null,
  remoteStatus: link.remoteStatus ?? null,
  remoteAvailability: link.remoteAvailability ?? null,
});

@Injectable()
export class OperatorLinkRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every link of the connector, as plain rows (read on every run, for thousands of operators). */
  findByConnector(connectorId: string): Promise<OperatorLinkEntity[]> {
    return plainRows(
      this.repository
        .createQueryBuilder('link')
        .where('link.connectorId = :connectorId', { connectorId })
        .orderBy('link.operatorKey', 'ASC'),
    );
  }

  findByOperator(operatorKey: string): Promise<OperatorLinkEntity[]> {
    return this.repository.find({ where: { operatorKey }, order: { connectorId: 'ASC' } });
  }

  /** The operator linked to this remote id on this connector, if any. */
  async findOperatorKey(connectorId: string, remoteId: string): Promise<string | undefined> {
    const link = await this.repository.findOne({
      select: { operatorKey: true },
      where: { connectorId, remoteId },
    });
    return link?.operatorKey;
  }

  /**
   * Creates or replaces the operator's link on a connector. A remote id already linked to another
   * operator on the same connector violates UQ_operator_links_connector_remote and rejects.
   */
  async upsert(link: OperatorLinkUpsert): Promise<OperatorLinkEntity> {
    const values = linkValues(link);
    return runInTransaction(this.dataSource, async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(OperatorLinkEntity)
        .values(values)
        .orUpdate(UPSERT_COLUMNS, ['connector_id', 'operator_key'])
        .updateEntity(false)
        .execute();
      await announceChange(manager, 'directory', directoryChange(link.operatorKey));
      return manager.findOneByOrFail(OperatorLinkEntity, {
        connectorId: link.connectorId,
        operatorKey: link.operatorKey,
      });
    });
  }

  /**
   * `upsert` for many links at once: a few multi-row statements per transaction and one change
   * notice per transaction, instead of a transaction, a notice and a read-back per link (a first
   * sync links thousands of operators).
   */
  async upsertMany(links: readonly OperatorLinkUpsert[]): Promise<void> {
    for (const part of chunk(links, UPSERTS_PER_TRANSACTION)) {
      await runInTransaction(this.dataSource, async (manager) => {
        for (const rows of chunk(part, UPSERT_ROWS_PER_STATEMENT)) {
          await manager
            .createQueryBuilder()
            .insert()
            .into(OperatorLinkEntity)
            .values(rows.map(linkValues))
            .orUpdate(UPSERT_COLUMNS, ['connector_id', 'operator_key'])
            .updateEntity(false)
            .execute();
        }
        await announceChange(manager, 'directory', { keys: part.map((l) => l.operatorKey) });
      });
    }
  }

  /** Refreshes what the connector reported; returns false when no such link exists. */
  async updateSeen(connectorId: string, operatorKey: string, sighting: RemoteSighting): Promise<boolean> {
    return runInTransaction(this.dataSource, async (manager) => {
      const result = await manager.update(OperatorLinkEntity, { connectorId, operatorKey }, sighting);
      const updated = (result.affected ?? 0) > 0;
      if (updated) {
        await announceChange(manager, 'directory', directoryChange(operatorKey));
      }
      return updated;
    });
  }

  findAll(): Promise<OperatorLinkEntity[]> {
    return this.repository.find({ order: { connectorId: 'ASC', operatorKey: 'ASC' } });
  }

  /**
   * Remembers the availability last seen on (or written to) a remote operator. Returns whether it
   * changed: false when no such link exists or it already showed this value (nothing is announced).
   */
  async setRemoteAvailability(
    connectorId: string,
    remoteId: string,
    remoteAvailability: Availability,
  ): Promise<boolean> {
    const postgres = isPostgres(this.dataSource);
    const update = `UPDATE operator_links SET remote_availability = ${postgres ? '$1' : '?'}
      WHERE connector_id = ${postgres ? '$2' : '?'} AND remote_id = ${postgres ? '$3' : '?'}
        AND remote_availability IS ${postgres ? 'DISTINCT FROM $1' : 'NOT ?'}
      RETURNING operator_key`;
    // TypeORM answers a PostgreSQL UPDATE with [rows, count]; wrapped in a SELECT it answers rows.
    const sql = postgres ? `WITH changed AS (${update}) SELECT operator_key FROM changed` : update;
    const parameters = postgres
      ? [remoteAvailability, connectorId, remoteId]
      : [remoteAvailability, connectorId, remoteId, remoteAvailability];
    return runInTransaction(this.dataSource, async (manager) => {
      const rows: Array<{ operator_key: string }> = await manager.query(sql, parameters);
      if (rows.length > 0) {
        await announceChange(manager, 'directory', directoryChange(rows[0].operator_key));
      }
      return rows.length > 0;
    });
  }

  /** Returns false when there was nothing to remove. */
  async remove(connectorId: string, operatorKey: string): Promise<boolean> {
    return runInTransaction(this.dataSource, async (manager) => {
      const result = await manager.delete(OperatorLinkEntity, { connectorId, operatorKey });
      const removed = (result.affected ?? 0) > 0;
      if (removed) {
        await announceChange(manager, 'directory', directoryChange(operatorKey));
      }
      return removed;
    });
  }

  private get repository() {
    return this.dataSource.getRepository(OperatorLinkEntity);
  }
}

const directoryChange = (operatorKey: string): DirectoryChange => ({ keys: [operatorKey] });
