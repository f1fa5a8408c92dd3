import { isoDateTransformer } from '@app/database/transformers/iso-date.transformer';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CONNECTOR_HEALTHS = [
  'healthy',
  'degraded',
  'bad_credentials',
  'quarantined',
  'disabled',
] as const;
export type ConnectorHealth = (typeof CONNECTOR_HEALTHS)[number];

/** Health and scheduling state of one connector; survives restarts so backoff is not forgotten. */
@Entity({ name: 'connector_states' })
export class ConnectorStateEntity {
  @PrimaryColumn({ name: 'connector_id', type: 'varchar', length: 128 })
  connectorId!: string;

  @Column({ name: 'health', type: 'varchar', length: 32, default: 'healthy' })
  health!: ConnectorHealth;

  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures!: number;

  @Column({
    name: 'last_success_at',
    type: 'varchar',
    length: 32,
    nullable: true,
    transformer: isoDateTransformer,
  })
  lastSuccessAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({
    name: 'last_run_at',
    type: 'varchar',
    length: 32,
    nullable: true,
    transformer: isoDateTransformer,
  })
  lastRunAt!: Date | null;

  @Column({
    name: 'next_run_at',
    type: 'varchar',
    length: 32,
    nullable: true,
    transformer: isoDateTransformer,
  })
  nextRunAt!: Date | null;

  /** Hash of the connector's config: a `bad_credentials` connector is retried once it changes. */
  @Column({ name: 'config_hash', type: 'varchar', length: 128, nullable: true })
  configHash!: string | null;

  @Column({
    name: 'backoff_until',
    type: 'varchar',
    length: 32,
    nullable: true,
    transformer: isoDateTransformer,
  })
  backoffUntil!: Date | null;
}
