import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { type ChangeOutcome, RunChangeEntity } from '@app/database/entities/run-change.entity';
import {
  type FinishedRunOutcome,
  type RunCounts,
  RunEntity,
  type RunTrigger,
} from '@app/database/entities/run.entity';
import {
  NOTHING_TO_REDACT,
  PERSISTENCE_REDACTOR,
  type PersistenceRedactor,
  redactNullable,
} from '@app/database/persistence-redactor';
import { chunk, runInTransaction } from '@app/database/run-in-transaction';
import type { JsonValue } from '@app/database/transformers/json-text.transformer';

export interface StartRunParams {
  connectorId: string;
  trigger: RunTrigger;
  dryRun: boolean;
}

export interface RunChangeRecord {
  operatorKey?: string | null;
  action: string;
  field?: string | null;
  before?: JsonValue | null;
  after?: JsonValue | null;
  outcome: ChangeOutcome;
  error?: string | null;
  durationMs?: number | null;
}

export interface FinishRunParams {
  outcome: FinishedRunOutcome;
  counts: RunCounts;
  error?: string | null;
  changes: readonly RunChangeRecord[];
}

export interface ListRunsParams {
  connectorId?: string;
  limit: number;
  withChanges?: boolean;
}

export const INTERRUPTED_RUN_ERROR = 'interrupted';

// Small enough for SQLite's bound-parameter limit (10 columns per row).
const INSERT_CHUNK = 90;

@Injectable()
export class RunRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Optional()
    @Inject(PERSISTENCE_REDACTOR)
    private readonly redactor: PersistenceRedactor = NOTHING_TO_REDACT,
  ) {}

  /** Records a run as `running` before any work starts, so a crash leaves a trace. */
  start(params: StartRunParams, now = new Date()): Promise<RunEntity> {
    return runInTransaction(this.dataSource, (manager) =>
      manager.save(
        manager.create(RunEntity, {
          ...params,
          outcome: 'running',
          startedAt: now,
          finishedAt: null,
          counts: {},
          error: null,
        }),
      ),
    );
  }

  /** Closes a run and stores all its changes atomically; returns the run with its changes. */
  async finish(runId: number, params: FinishRunParams, now = new Date()): Promise<RunEntity> {
    await runInTransaction(this.dataSource, async (manager) => {
      const result = await manager.update(
        RunEntity,
        { id: runId },
        {
          outcome: params.outcome,
          counts: params.counts,
          error: redactNullable(this.redactor, params.error),
          finishedAt: now,
        },
      );
      if (result.affected !== 1) {
        throw new Error(`Run ${runId} does not exist`);
      }
      const rows = params.changes.map((change) => ({
        runId,
        operatorKey: change.operatorKey ?? null,
        action: change.action,
        field: change.field ?? null,
        before: this.redactor.redactValue(change.before ?? null) as JsonValue | null,
        after: this.redactor.redactValue(change.after ?? null) as JsonValue | null,
        outcome: change.outcome,
        error: redactNullable(this.redactor, change.error),
        durationMs: change.durationMs ?? null,
      }));
      // Plain INSERTs in chunks: `save` builds a change-tracking subject per row, which for a first
      // sync of 10,000 operators costs hundreds of MB. (The cast: TypeORM's insert typing cannot
      // expand the recursive JsonValue.)
      for (const part of chunk(rows, INSERT_CHUNK)) {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- without it tsc gives up (TS2589)
        await manager.insert(RunChangeEntity, part as never);
      }
    });
    const run = await this.findWithChanges(runId);
    if (run === null) {
      throw new Error(`Run ${runId} vanished while finishing`);
    }
    return run;
  }

  /** Newest first; with `withChanges`, each run carries its changes (one more query, not one per run). */
  async list(params: ListRunsParams): Promise<RunEntity[]> {
    const runs = await this.repository.find({
      where: params.connectorId === undefined ? {} : { connectorId: params.connectorId },
      order: { id: 'DESC' },
      take: params.limit,
    });
    if (params.withChanges && runs.length > 0) {
      const changes = await this.dataSource.getRepository(RunChangeEntity).find({
        where: { runId: In(runs.map((run) => run.id)) },
        order: { id: 'ASC' },
      });
      for (const run of runs) {
        run.changes = changes.filter((change) => change.runId === run.id);
      }
    }
    return runs;
  }

  findWithChanges(id: number): Promise<RunEntity | null> {
    return this.repository.findOne({
      where: { id },
      relations: { changes: true },
      order: { changes: { id: 'ASC' } },
    });
  }

  /**
   * Marks runs left `running` by a crash as failed. Without a connector id it closes every such run,
   * which is right for one SQLite instance at start. With PostgreSQL replicas another process may be
   * mid-run: pass the connector id while holding that connector's lock instead.
   * Returns how many runs were closed.
   */
  async failInterruptedRuns(connectorId?: string, now = new Date()): Promise<number> {
    const result = await runInTransaction(this.dataSource, (manager) =>
      manager.update(
        RunEntity,
        connectorId === undefined ? { outcome: 'running' } : { outcome: 'running', connectorId },
        { outcome: 'failed', error: INTERRUPTED_RUN_ERROR, finishedAt: now },
      ),
    );
    return result.affected ?? 0;
  }

  private get repository() {
    return this.dataSource.getRepository(RunEntity);
  }
}
