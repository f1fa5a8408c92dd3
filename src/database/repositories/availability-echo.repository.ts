import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Availability } from '@app/core/operator.types';
import { AvailabilityEchoEntity } from '@app/database/entities/availability-echo.entity';
import { runInTransaction } from '@app/database/run-in-transaction';
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
}
