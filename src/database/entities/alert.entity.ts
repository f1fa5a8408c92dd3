import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { isoDateTransformer } from '@app/database/transformers/iso-date.transformer';

export const ALERT_STATES = ['pending', 'failed', 'sent', 'dead'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * One alert for one sink, durable before anything is sent: the deliverer claims due rows, sends
 * them, and retries with backoff until `sent` or `dead`. Message and details are redacted text.
 */
@Entity({ name: 'alerts' })
@Index('IDX_alerts_state_next_attempt', ['state', 'nextAttemptAt'])
@Index('IDX_alerts_sink_connector_created', ['sink', 'connectorId', 'createdAt'])
export class AlertEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id!: number;

  /** The sink's name (`webhook`, `slack-2`, …), derived from the configuration. */
  @Column({ name: 'sink', type: 'varchar', length: 64 })
  sink!: string;

  @Column({ name: 'event', type: 'varchar', length: 64 })
  event!: string;

  @Column({ name: 'connector_id', type: 'varchar', length: 128 })
  connectorId!: string;

  @Column({ name: 'message', type: 'text' })
  message!: string;

  /** JSON text. */
  @Column({ name: 'details', type: 'text' })
  details!: string;

  /** When the condition was recorded: the payload's `at`. */
  @Column({ name: 'created_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  createdAt!: Date;

  @Column({ name: 'state', type: 'varchar', length: 16 })
  state!: AlertState;

  @Column({ name: 'attempts', type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'sent_at', type: 'varchar', length: 32, nullable: true, transformer: isoDateTransformer })
  sentAt!: Date | null;

  /** The replica that claimed it last. */
  @Column({ name: 'claimed_by', type: 'varchar', length: 128, nullable: true })
  claimedBy!: string | null;
}
