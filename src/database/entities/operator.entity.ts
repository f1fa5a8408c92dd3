import type { Availability, OperatorRole, OperatorStatus } from '@app/core/operator.types';
import { isoDateTransformer } from '@app/database/transformers/iso-date.transformer';
import { Column, Entity, OneToMany, PrimaryColumn, type Relation } from 'typeorm';
import { OperatorLinkEntity } from '@app/database/entities/operator-link.entity';

/** `roster`, or the id of the source connector an operator was imported from. */
export type OperatorOrigin = 'roster' | (string & {});

@Entity({ name: 'operators' })
export class OperatorEntity {
  @PrimaryColumn({ name: 'key', type: 'varchar', length: 128 })
  key!: string;

  @Column({ name: 'name', type: 'varchar', length: 255 })
  name!: string;

  @Column({ name: 'email', type: 'varchar', length: 255, nullable: true })
  email!: string | null;

  @Column({ name: 'role', type: 'varchar', length: 32 })
  role!: OperatorRole;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status!: OperatorStatus;

  @Column({ name: 'availability', type: 'varchar', length: 32, nullable: true })
  availability!: Availability | null;

  @Column({
    name: 'availability_at',
    type: 'varchar',
    length: 32,
    nullable: true,
    transformer: isoDateTransformer,
  })
  availabilityAt!: Date | null;

  @Column({ name: 'availability_connector_id', type: 'varchar', length: 128, nullable: true })
  availabilityConnectorId!: string | null;

  @Column({ name: 'origin', type: 'varchar', length: 128 })
  origin!: OperatorOrigin;

  @Column({ name: 'created_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  updatedAt!: Date;

  /** Loaded only on request (`findAll({ withLinks: true })`). */
  @OneToMany(() => OperatorLinkEntity, (link) => link.operator)
  links?: Relation<OperatorLinkEntity[]>;
}
