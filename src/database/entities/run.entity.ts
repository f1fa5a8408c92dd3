import { isoDateTransformer } from '@app/database/transformers/iso-date.transformer';
import { jsonTextTransformer } from '@app/database/transformers/json-text.transformer';
import { Column, Entity, Index, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RunChangeEntity } from '@app/database/entities/run-change.entity';

export const RUN_TRIGGERS = ['schedule', 'startup', 'manual', 'event'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** What a run writes: operators, availability, a conversation's status, a chat's owner, settings. */
export const RUN_KINDS = ['reconcile', 'availability', 'conversation', 'chat-release', 'settings'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/**
 * `running` exists only while a run is in flight. `interrupted`: shutdown or a crash ended it, not the
 * platform; it has no effect on the connector's health.
 */
export const RUN_OUTCOMES = [
  'running',
  'ok',
  'partial',
  'failed',
  'blocked',
  'skipped',
  'interrupted',
] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];
export type FinishedRunOutcome = Exclude<RunOutcome, 'running'>;

/** Named tallies of a run (planned, applied, failed, …). */
export type RunCounts = Record<string, number>;

/** One reconciliation of one connector; with its changes, the audit log. */
@Entity({ name: 'runs' })
@Index('IDX_runs_connector_id_id', ['connectorId', 'id'])
@Index('IDX_runs_outcome_connector_id', ['outcome', 'connectorId'])
export class RunEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id!: number;

  @Column({ name: 'connector_id', type: 'varchar', length: 128 })
  connectorId!: string;

  @Column({ name: 'trigger', type: 'varchar', length: 32 })
  trigger!: RunTrigger;

  @Column({ name: 'kind', type: 'varchar', length: 32, default: 'reconcile' })
  kind!: RunKind;

  /** The process that opened it (its connector lock token); a `running` row of another is a leftover. */
  @Column({ name: 'owner', type: 'varchar', length: 128, nullable: true })
  owner!: string | null;

  @Column({ name: 'dry_run', type: 'boolean' })
  dryRun!: boolean;

  @Column({ name: 'outcome', type: 'varchar', length: 32 })
  outcome!: RunOutcome;

  @Column({ name: 'started_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  startedAt!: Date;

  @Column({
    name: 'finished_at',
    type: 'varchar',
    length: 32,
    nullable: true,
    transformer: isoDateTransformer,
  })
  finishedAt!: Date | null;

  @Column({ name: 'counts', type: 'text', transformer: jsonTextTransformer })
  counts!: RunCounts;

  @Column({ name: 'error', type: 'text', nullable: true })
  error!: string | null;

  /** Loaded only by `RunRepository.findWithChanges`/`finish`, ordered by id. */
  @OneToMany(() => RunChangeEntity, (change) => change.run)
  changes?: Relation<RunChangeEntity[]>;
}
