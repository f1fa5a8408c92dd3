import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { isoDateTransformer } from '@app/database/transformers/iso-date.transformer';

/** A session an operator took (a Desk session event, or our own assign-agent answer): load. */
@Entity({ name: 'assignment_sessions' })
@Index('IDX_assignment_sessions_at', ['at'])
export class AssignmentSessionEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id!: number;

  @Column({ name: 'connector_id', type: 'varchar', length: 128 })
  connectorId!: string;

  @Column({ name: 'operator_key', type: 'varchar', length: 128 })
  operatorKey!: string;

  @Column({ name: 'at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  at!: Date;
}
