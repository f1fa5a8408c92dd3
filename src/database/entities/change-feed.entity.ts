import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row (id 1): a counter every change that replicas mirror in memory increments in its own
 * transaction. The row lock orders those commits, so a replica that sees version N has seen (or
 * can read) every change up to N. See announce-change.ts.
 */
@Entity({ name: 'change_feed' })
export class ChangeFeedEntity {
  @PrimaryColumn({ name: 'id', type: 'integer' })
  id!: number;

  /** bigint: PostgreSQL returns it as a string. */
  @Column({ name: 'version', type: 'bigint' })
  version!: string;
}
