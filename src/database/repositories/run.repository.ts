import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { type ChangeOutcome, RunChangeEntity } from '@app/database/entities/run-change.entity';
import {
  type FinishedRunOutcome,
  type RunCounts,
  RunEntity,
  type RunKind,
  type RunOutcome,
  type RunTrigger,
} from '@app/database/entities/run.entity';
import {
  NOTHING_TO_REDACT,
  PERSISTENCE_REDACTOR,
  type PersistenceRedactor,
  redactNullable,
} from '@app/database/persistence-redactor';
import { chunk, runInTransaction } from '@app/database/run-in-transaction';
import type { JsonValue } from '@app/core/json-value';

export interface StartRunParams {
  connectorId: string;
  trigger: RunTrigger;
  dryRun: boolean;
  /** Default `reconcile`. */
  kind?: RunKind;
  /** The opening process's token; see `interruptLeftovers`. */
  owner?: string | null;
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
  kind?: RunKind;
  outcome?: RunOutcome;
  limit: number;
  withChanges?: boolean;
}

export const INTERRUPTED_RUN_ERROR = 'interrupted: the process stopped before the run finished';

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
          kind: params.kind ?? 'reconcile',
          owner: params.owner ?? null,
          outcome: 'running',
          startedAt: now,
          finishedAt: null,
          counts: {},
          error: null,
        }),
      ),
    );
  }

  /**
   * Closes a run and stores all its changes atomically; returns the run with its changes. A run
   * already marked `interrupted` (shutdown gave up on it) keeps that outcome; its changes are kept.
   */
  async finish(runId: number, params: FinishRunParams, now = new Date()): Promise<RunEntity> {
    await runInTransaction(this.dataSource, async (manager) => {
      const interrupted = await manager.existsBy(RunEntity, { id: runId, outcome: 'interrupted' });
      const result = await manager.update(
        RunEntity,
        interrupted ? { id: runId, outcome: 'interrupted' } : { id: runId },
        {
          outcome: interrupted ? 'interrupted' : params.outcome,
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
      where: { connectorId: params.connectorId, kind: params.kind, outcome: params.outcome },
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
   * Closes as `interrupted` the connector's runs left `running` by another process. Called by the
   * holder of the connector's lock: every run is opened under that lock, so a `running` row of
   * another owner belongs to a process that stopped (crash, kill -9) before finishing it.
   */
  async interruptLeftovers(connectorId: string, owner: string, now = new Date()): Promise<number> {
    const result = await runInTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .update(RunEntity)
        .set({ outcome: 'interrupted', error: INTERRUPTED_RUN_ERROR, finishedAt: now })
        .where('connector_id = :connectorId AND outcome = :running', { connectorId, running: 'running' })
        .andWhere('(owner IS NULL OR owner <> :owner)', { owner })
        .execute(),
    );
    return result.affected ?? 0;
  }

  /** Shutdown gave up waiting for these runs: recorded now, in case the process ends before they do. */
  async markInterrupted(runIds: readonly number[], now = new Date()): Promise<void> {
    if (runIds.length === 0) {
      return;
    }
    await runInTransaction(this.dataSource, (manager) =>
      manager.update(
        RunEntity,
        { id: In([...runIds]), outcome: 'running' },
        { outcome: 'interrupted', error: INTERRUPTED_RUN_ERROR, finishedAt: now },
      ),
    );
  }

  private get repository() {
    return this.dataSource.getRepository(RunEntity);
  }
}
