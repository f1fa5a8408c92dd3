import { isoDateTransformer } from '@app/database/transformers/iso-date.transformer';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CONVERSATION_STATUSES = ['open', 'pending', 'resolved', 'snoozed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** Last known state of one conversation on a platform that has conversations (Chatwoot). */
@Entity({ name: 'conversation_states' })
export class ConversationStateEntity {
  @PrimaryColumn({ name: 'connector_id', type: 'varchar', length: 128 })
  connectorId!: string;

  @PrimaryColumn({ name: 'conversation_id', type: 'varchar', length: 128 })
  conversationId!: string;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status!: ConversationStatus;

  @Column({ name: 'previous_status', type: 'varchar', length: 32, nullable: true })
  previousStatus!: ConversationStatus | null;

  @Column({ name: 'inbox_id', type: 'varchar', length: 128, nullable: true })
  inboxId!: string | null;

  /** Who holds the conversation (`User`, `AgentBot`, …), so bot-held ones are left alone. */
  @Column({ name: 'assignee_type', type: 'varchar', length: 64, nullable: true })
  assigneeType!: string | null;

  /** When chat-bridge last toggled it: the normalization happens once, never in a loop. */
  @Column({
    name: 'last_toggled_at',
    type: 'varchar',
    length: 32,
    nullable: true,
    transformer: isoDateTransformer,
  })
  lastToggledAt!: Date | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  updatedAt!: Date;

  /** The platform's own update time, to drop webhooks and polls older than what is stored. */
  @Column({
    name: 'source_updated_at',
    type: 'varchar',
    length: 32,
    nullable: true,
    transformer: isoDateTransformer,
  })
  sourceUpdatedAt!: Date | null;
}
