import { isoDateTransformer } from '@app/database/transformers/iso-date.transformer';
import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const INBOX_STATES = ['pending', 'done', 'failed', 'dead'] as const;
export type InboxState = (typeof INBOX_STATES)[number];

/** A received webhook delivery, durable before it is acknowledged. */
@Entity({ name: 'inbox_events' })
@Unique('UQ_inbox_events_connector_dedupe', ['connectorId', 'dedupeKey'])
@Index('IDX_inbox_events_state_next_attempt', ['state', 'nextAttemptAt'])
export class InboxEventEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id!: number;

  @Column({ name: 'connector_id', type: 'varchar', length: 128 })
  connectorId!: string;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 255 })
  dedupeKey!: string;

  @Column({ name: 'kind', type: 'varchar', length: 64 })
  kind!: string;

  /** The canonical event as raw JSON text, kept verbatim so a replay sees exactly what arrived. */
  @Column({ name: 'payload', type: 'text' })
  payload!: string;

  @Column({ name: 'received_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  receivedAt!: Date;

  @Column({ name: 'state', type: 'varchar', length: 16 })
  state!: InboxState;

  @Column({ name: 'attempts', type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({
    name: 'processed_at',
    type: 'varchar',
    length: 32,
    nullable: true,
    transformer: isoDateTransformer,
  })
  processedAt!: Date | null;

  /** The replica (see replica-identity.ts) that claimed it last: who a claim's lease waits for. */
  @Column({ name: 'claimed_by', type: 'varchar', length: 128, nullable: true })
  claimedBy!: string | null;
}
