import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
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
import { toIso } from '@app/database/transformers/iso-date.transformer';
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
  /** Only runs with a smaller id (the page after the one that ended with that id). */
  beforeId?: number;
  /** Only runs started at or after this time. */
  since?: Date;
  /** Only runs started before this time. */
  until?: Date;
  /** Leave out runs restricted to one operator (provision on demand: they carry a `scope` report). */
  excludeScoped?: boolean;
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
      // Plain multi-row INSERTs that read nothing back: `save` builds a change-tracking subject per
      // row, which for a first sync of 10,000 operators costs hundreds of MB. (The cast: TypeORM's
      // insert typing cannot expand the recursive JsonValue.)
      for (const part of chunk(rows, INSERT_CHUNK)) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(RunChangeEntity)
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- without it tsc gives up (TS2589)
          .values(part as never)
          .updateEntity(false)
          .execute();
      }
    });
    const run = await this.repository.findOneBy({ id: runId });
    if (run === null) {
      throw new Error(`Run ${runId} vanished while finishing`);
    }
    // The changes as stored (redacted), without reading 10,000 rows back as entities.
    run.changes = rows as RunChangeEntity[];
    return run;
  }

  /**
   * Newest first, in one query; with `withChanges`, each run carries its changes (joined to the
   * page of runs, so a page costs one round trip whatever its size).
   */
  async list(params: ListRunsParams): Promise<RunEntity[]> {
    if (!params.withChanges) {
      return this.filtered(this.repository.createQueryBuilder('run'), 'run', params)
        .orderBy('run.id', 'DESC')
        .limit(params.limit)
        .getMany();
    }
    // LIMIT applies to the runs, not to the joined rows: the page is chosen in a subquery.
    const query = this.repository
      .createQueryBuilder('run')
      .leftJoinAndSelect('run.changes', 'change')
      .orderBy('run.id', 'DESC')
      .addOrderBy('change.id', 'ASC');
    return query
      .where((outer) => {
        const page = this.filtered(outer.subQuery().select('page.id').from(RunEntity, 'page'), 'page', params)
          .orderBy('page.id', 'DESC')
          .limit(params.limit);
        return `run.id IN ${page.getQuery()}`;
      })
      .getMany();
  }

  private filtered<T extends SelectQueryBuilder<ObjectLiteral>>(
    query: T,
    alias: string,
    params: ListRunsParams,
  ): T {
    // Times are stored as 24-character ISO strings, which sort as the times do.
    const conditions: Array<[string, Record<string, unknown>] | undefined> = [
      params.connectorId === undefined
        ? undefined
        : [`${alias}.connectorId = :connectorId`, { connectorId: params.connectorId }],
      params.kind === undefined ? undefined : [`${alias}.kind = :kind`, { kind: params.kind }],
      params.outcome === undefined ? undefined : [`${alias}.outcome = :outcome`, { outcome: params.outcome }],
      params.beforeId === undefined ? undefined : [`${alias}.id < :beforeId`, { beforeId: params.beforeId }],
      params.since === undefined
        ? undefined
        : [`${alias}.startedAt >= :since`, { since: toIso(params.since) }],
      params.until === undefined
        ? undefined
        : [`${alias}.startedAt < :until`, { until: toIso(params.until) }],
    ];
    for (const [condition, values] of conditions.filter((c) => c !== undefined)) {
      query.andWhere(condition, values);
    }
    if (params.excludeScoped) {
      query.andWhere(
        `NOT EXISTS (SELECT 1 FROM "run_changes" "scope" WHERE "scope"."run_id" = ${alias}.id AND "scope"."action" = 'report' AND "scope"."field" = 'scope')`,
      );
    }
    return query;
  }

  /**
   * Deletes up to `batch` finished runs started before `before`, oldest first, with their changes.
   * Returns how many runs and changes went; call again until fewer than `batch` runs went.
   */
  async prune(before: Date, batch: number): Promise<{ runs: number; changes: number }> {
    return runInTransaction(this.dataSource, async (manager) => {
      const rows = await manager
        .createQueryBuilder(RunEntity, 'run')
        .select('run.id', 'id')
        .where('run.startedAt < :before', { before: toIso(before) })
        .andWhere('run.outcome <> :running', { running: 'running' })
        .orderBy('run.id', 'ASC')
        .limit(batch)
        .getRawMany<{ id: number | string }>();
      const ids = rows.map((row) => Number(row.id));
      if (ids.length === 0) {
        return { runs: 0, changes: 0 };
      }
      const changes = await manager.delete(RunChangeEntity, { runId: In(ids) });
      const runs = await manager.delete(RunEntity, { id: In(ids) });
      return { runs: runs.affected ?? ids.length, changes: changes.affected ?? 0 };
    });
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
