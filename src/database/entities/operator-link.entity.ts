import type { Availability, OperatorStatus } from '@app/core/operator.types';
import { isoDateTransformer } from '@app/database/transformers/iso-date.transformer';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { OperatorEntity } from '@app/database/entities/operator.entity';

/** Operator ↔ (connector, remote id). One link per operator per connector; one per remote id. */
@Entity({ name: 'operator_links' })
@Unique('UQ_operator_links_connector_operator', ['connectorId', 'operatorKey'])
@Unique('UQ_operator_links_connector_remote', ['connectorId', 'remoteId'])
@Index('IDX_operator_links_operator_key', ['operatorKey'])
export class OperatorLinkEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id!: number;

  @Column({ name: 'operator_key', type: 'varchar', length: 128 })
  operatorKey!: string;

  @ManyToOne(() => OperatorEntity, (operator) => operator.links, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'operator_key',
    referencedColumnName: 'key',
    foreignKeyConstraintName: 'FK_operator_links_operator_key',
  })
  operator?: Relation<OperatorEntity>;

  @Column({ name: 'connector_id', type: 'varchar', length: 128 })
  connectorId!: string;

  @Column({ name: 'remote_id', type: 'varchar', length: 255 })
  remoteId!: string;

  @Column({ name: 'remote_name', type: 'varchar', length: 255 })
  remoteName!: string;

  @Column({ name: 'remote_email', type: 'varchar', length: 255, nullable: true })
  remoteEmail!: string | null;

  @Column({ name: 'remote_status', type: 'varchar', length: 32, nullable: true })
  remoteStatus!: OperatorStatus | null;

  @Column({ name: 'remote_availability', type: 'varchar', length: 32, nullable: true })
  remoteAvailability!: Availability | null;

  @Column({ name: 'seen_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  seenAt!: Date;
}
