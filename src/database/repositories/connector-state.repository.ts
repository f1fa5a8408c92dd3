import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConnectorStateEntity } from '@app/database/entities/connector-state.entity';
import {
  NOTHING_TO_REDACT,
  PERSISTENCE_REDACTOR,
  type PersistenceRedactor,
} from '@app/database/persistence-redactor';
import { runInTransaction } from '@app/database/run-in-transaction';

/** Fields left out keep their stored value (or the column default for a new connector). */
export type ConnectorStatePatch = Pick<ConnectorStateEntity, 'connectorId'> &
  Partial<Omit<ConnectorStateEntity, 'connectorId'>>;

@Injectable()
export class ConnectorStateRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Optional()
    @Inject(PERSISTENCE_REDACTOR)
    private readonly redactor: PersistenceRedactor = NOTHING_TO_REDACT,
  ) {}

  find(connectorId: string): Promise<ConnectorStateEntity | null> {
    return this.repository.findOneBy({ connectorId });
  }

  findAll(): Promise<ConnectorStateEntity[]> {
    return this.repository.find({ order: { connectorId: 'ASC' } });
  }

  /** Inserts or updates only the given fields, in one statement, and returns the stored state. */
  upsert(patch: ConnectorStatePatch): Promise<ConnectorStateEntity> {
    // Undefined fields are dropped so `upsert` neither overwrites them nor inserts NULL over a default.
    const values = Object.fromEntries(
      Object.entries(patch).filter(([, value]) => value !== undefined),
    ) as ConnectorStatePatch;
    if (typeof values.lastError === 'string') {
      values.lastError = this.redactor.redact(values.lastError);
    }
    return runInTransaction(this.dataSource, async (manager) => {
      await manager.upsert(ConnectorStateEntity, values, ['connectorId']);
      return manager.findOneByOrFail(ConnectorStateEntity, { connectorId: patch.connectorId });
    });
  }

  private get repository() {
    return this.dataSource.getRepository(ConnectorStateEntity);
  }
}
