import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { isoDateTransformer } from '@app/database/transformers/iso-date.transformer';

/** The agent a customer was last offered first (the sticky strategy offers them again). */
@Entity({ name: 'assignment_sticky_clients' })
@Index('IDX_assignment_sticky_clients_updated_at', ['updatedAt'])
export class AssignmentStickyClientEntity {
  @PrimaryColumn({ name: 'connector_id', type: 'varchar', length: 128 })
  connectorId!: string;

  @PrimaryColumn({ name: 'client_user_id', type: 'varchar', length: 255 })
  clientUserId!: string;

  @Column({ name: 'operator_key', type: 'varchar', length: 128 })
  operatorKey!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  updatedAt!: Date;
}
