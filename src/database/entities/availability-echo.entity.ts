import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import type { Availability } from '@app/core/operator.types';
import { isoDateTransformer } from '@app/database/transformers/iso-date.transformer';

/** An availability chat-bridge wrote to a platform: its report back is an echo, not news. */
@Entity({ name: 'availability_echoes' })
@Index('IDX_availability_echoes_remote', ['connectorId', 'remoteId'])
@Index('IDX_availability_echoes_expires_at', ['expiresAt'])
export class AvailabilityEchoEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id!: number;

  @Column({ name: 'connector_id', type: 'varchar', length: 128 })
  connectorId!: string;

  @Column({ name: 'remote_id', type: 'varchar', length: 255 })
  remoteId!: string;

  @Column({ name: 'availability', type: 'varchar', length: 32 })
  availability!: Availability;

  @Column({ name: 'expires_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  expiresAt!: Date;
}
