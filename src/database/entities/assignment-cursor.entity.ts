import { Column, Entity, PrimaryColumn } from 'typeorm';

import { isoDateTransformer } from '@app/database/transformers/iso-date.transformer';

/** A connector's round-robin position; it only moves forward, whichever replica answered. */
@Entity({ name: 'assignment_cursors' })
export class AssignmentCursorEntity {
  @PrimaryColumn({ name: 'connector_id', type: 'varchar', length: 128 })
  connectorId!: string;

  @Column({ name: 'rotation', type: 'integer' })
  rotation!: number;

  @Column({ name: 'updated_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  updatedAt!: Date;
}
