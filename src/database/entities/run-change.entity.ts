import { jsonTextTransformer } from '@app/database/transformers/json-text.transformer';
import type { JsonValue } from '@app/core/json-value';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RunEntity } from '@app/database/entities/run.entity';

/** `unknown`: a write whose result could not be settled by reading back; the next run settles it first. */
export const CHANGE_OUTCOMES = ['planned', 'applied', 'failed', 'rejected', 'skipped', 'unknown'] as const;
export type ChangeOutcome = (typeof CHANGE_OUTCOMES)[number];

/** One planned or applied write inside a run. */
@Entity({ name: 'run_changes' })
@Index('IDX_run_changes_run_id', ['runId'])
export class RunChangeEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id!: number;

  @Column({ name: 'run_id', type: 'integer' })
  runId!: number;

  @ManyToOne(() => RunEntity, (run) => run.changes, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'FK_run_changes_run_id' })
  run?: Relation<RunEntity>;

  @Column({ name: 'operator_key', type: 'varchar', length: 128, nullable: true })
  operatorKey!: string | null;

  @Column({ name: 'action', type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'field', type: 'varchar', length: 64, nullable: true })
  field!: string | null;

  @Column({ name: 'before', type: 'text', nullable: true, transformer: jsonTextTransformer })
  before!: JsonValue | null;

  @Column({ name: 'after', type: 'text', nullable: true, transformer: jsonTextTransformer })
  after!: JsonValue | null;

  @Column({ name: 'outcome', type: 'varchar', length: 32 })
  outcome!: ChangeOutcome;

  @Column({ name: 'error', type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs!: number | null;
}
