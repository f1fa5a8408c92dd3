import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ConversationStateEntity,
  type ConversationStatus,
} from '@app/database/entities/conversation-state.entity';
import { runInTransaction } from '@app/database/run-in-transaction';

export interface ConversationStateUpsert {
  connectorId: string;
  conversationId: string;
  status: ConversationStatus;
  previousStatus?: ConversationStatus | null;
  inboxId?: string | null;
  assigneeType?: string | null;
  lastToggledAt?: Date | null;
  sourceUpdatedAt?: Date | null;
  /** Defaults to now. */
  updatedAt?: Date;
}

@Injectable()
export class ConversationStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(connectorId: string, conversationId: string): Promise<ConversationStateEntity | null> {
    return this.dataSource.getRepository(ConversationStateEntity).findOneBy({ connectorId, conversationId });
  }

  /** Writes the whole state; optional fields left out are stored as null. */
  upsert(state: ConversationStateUpsert): Promise<ConversationStateEntity> {
    const values = {
      ...state,
      previousStatus: state.previousStatus ?? null,
      inboxId: state.inboxId ?? null,
      assigneeType: state.assigneeType ?? null,
      lastToggledAt: state.lastToggledAt ?? null,
      sourceUpdatedAt: state.sourceUpdatedAt ?? null,
      updatedAt: state.updatedAt ?? new Date(),
    };
    return runInTransaction(this.dataSource, async (manager) => {
      await manager.upsert(ConversationStateEntity, values, ['connectorId', 'conversationId']);
      return manager.findOneByOrFail(ConversationStateEntity, {
        connectorId: state.connectorId,
        conversationId: state.conversationId,
      });
    });
  }
}
