import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Availability, OperatorStatus } from '@app/core/operator.types';
import { OperatorLinkEntity } from '@app/database/entities/operator-link.entity';
import { runInTransaction } from '@app/database/run-in-transaction';

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

@Injectable()
export class OperatorLinkRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByConnector(connectorId: string): Promise<OperatorLinkEntity[]> {
    return this.repository.find({ where: { connectorId }, order: { operatorKey: 'ASC' } });
  }

  findByOperator(operatorKey: string): Promise<OperatorLinkEntity[]> {
    return this.repository.find({ where: { operatorKey }, order: { connectorId: 'ASC' } });
  }

  /**
   * Creates or replaces the operator's link on a connector. A remote id already linked to another
   * operator on the same connector violates UQ_operator_links_connector_remote and rejects.
   */
  async upsert(link: OperatorLinkUpsert): Promise<OperatorLinkEntity> {
    const values = {
      ...link,
      remoteEmail: link.remoteEmail ?? null,
      remoteStatus: link.remoteStatus ?? null,
      remoteAvailability: link.remoteAvailability ?? null,
    };
    return runInTransaction(this.dataSource, async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(OperatorLinkEntity)
        .values(values)
        .orUpdate(
          ['remote_id', 'remote_name', 'remote_email', 'remote_status', 'remote_availability', 'seen_at'],
          ['connector_id', 'operator_key'],
        )
        .updateEntity(false)
        .execute();
      return manager.findOneByOrFail(OperatorLinkEntity, {
        connectorId: link.connectorId,
        operatorKey: link.operatorKey,
      });
    });
  }

  /** Refreshes what the connector reported; returns false when no such link exists. */
  async updateSeen(connectorId: string, operatorKey: string, sighting: RemoteSighting): Promise<boolean> {
    const result = await runInTransaction(this.dataSource, (manager) =>
      manager.update(OperatorLinkEntity, { connectorId, operatorKey }, sighting),
    );
    return (result.affected ?? 0) > 0;
  }

  findAll(): Promise<OperatorLinkEntity[]> {
    return this.repository.find({ order: { connectorId: 'ASC', operatorKey: 'ASC' } });
  }

  /** Remembers the availability last seen on (or written to) a remote operator. */
  async setRemoteAvailability(
    connectorId: string,
    remoteId: string,
    remoteAvailability: Availability,
  ): Promise<boolean> {
    const result = await runInTransaction(this.dataSource, (manager) =>
      manager.update(OperatorLinkEntity, { connectorId, remoteId }, { remoteAvailability }),
    );
    return (result.affected ?? 0) > 0;
  }

  /** Returns false when there was nothing to remove. */
  async remove(connectorId: string, operatorKey: string): Promise<boolean> {
    const result = await runInTransaction(this.dataSource, (manager) =>
      manager.delete(OperatorLinkEntity, { connectorId, operatorKey }),
    );
    return (result.affected ?? 0) > 0;
  }

  private get repository() {
    return this.dataSource.getRepository(OperatorLinkEntity);
  }
}
