import { performance } from 'node:perf_hooks';

import { Injectable, Logger } from '@nestjs/common';

import { AlertRaiser } from '@app/alerts/alert-raiser.service';
import { BridgeConfigService } from '@app/config/bridge-config.service';
import { RunRepository } from '@app/database/repositories/run.repository';
import { MetricsService } from '@app/metrics/metrics.service';
import { ConnectorHealthService } from '@app/runs/connector-health.service';
import { describeError, dispositionFor } from '@app/runs/platform-error.handler';
import type { ChangeRecord, RunCounts, RunKind, RunOutcome, RunTrigger, RunView } from '@app/runs/run.types';
import { toRunView } from '@app/runs/run-view';
import { ConnectorLocks } from '@app/runs/connector-locks.service';
import { ConnectorUnavailableError, ShuttingDownError } from '@app/runs/run-errors';

export interface RunScope {
  connectorId: string;
  kind: RunKind;
  trigger: RunTrigger;
  dryRun?: boolean;
  /** How long to wait for the connector's lock (default: 0 for reconcile runs, 10 s for the rest). */
  waitMs?: number;
  /** Who holds the lock, for the one who finds it busy (default `daemon`). */
  holder?: string;
}

/** What a run's work reports; the outcome is derived from the changes unless it says otherwise. */
export interface RunResult {
  changes: ChangeRecord[];
  outcome?: 'blocked';
  error?: string | null;
}

// An event's write waits this long for a lock held by another process (a CLI sync, a replica);
// then it fails and the inbox retries it later.
const EVENT_WRITE_WAIT_MS = 10_000;

/**
 * The one way to write to a platform: every write opens a run of its kind (`reconcile`,
 * `availability`, `conversation`, `chat-release`, `settings`) under the connector's lock, respects
 * its health and back-off, records each platform write as a change, and feeds the connector's
 * health. Shutdown waits for the runs in flight and records the rest `interrupted`.
 */
@Injectable()
export class RunRecorder {
  private readonly logger = new Logger(RunRecorder.name);
  private readonly inFlight = new Map<number, Promise<unknown>>();
  private closing = false;
  private interrupted = false;

  constructor(
    private readonly config: BridgeConfigService,
    private readonly health: ConnectorHealthService,
    private readonly locks: ConnectorLocks,
    private readonly metrics: MetricsService,
    private readonly runs: RunRepository,
    private readonly alerts: AlertRaiser,
  ) {}

  /** False once shutdown began: readiness answers 503 and webhooks are refused from then on. */
  get accepting(): boolean {
    return !this.closing;
  }

  /** No new run starts from now on; those in flight go on (see `drain`). */
  beginShutdown(): void {
    this.closing = true;
  }

  async record(scope: RunScope, work: () => Promise<RunResult>): Promise<RunView> {
    if (this.closing) {
      throw new ShuttingDownError();
    }
    const reconcile = scope.kind === 'reconcile';
    const request = {
      waitMs: scope.waitMs ?? (reconcile ? 0 : EVENT_WRITE_WAIT_MS),
      holder: scope.holder ?? 'daemon',
    };
    const underLock = () => this.open(scope, work);
    if (scope.dryRun) {
      return underLock(); // reads only: a plan may run beside a sync
    }
    return reconcile
      ? this.locks.exclusive(scope.connectorId, request, underLock)
      : this.locks.shared(scope.connectorId, request, underLock);
  }

  /**
   * Stops new runs and waits up to `graceMs` for those in flight. Returns how many were still
   * running; they are recorded `interrupted` and finish as such if they end before the process.
   */
  async drain(graceMs: number): Promise<number> {
    this.closing = true;
    const pending = [...this.inFlight.values()];
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled(pending), graceOver]);
    clearTimeout(timer);
    const left = [...this.inFlight.keys()];
    if (left.length > 0) {
      this.interrupted = true;
      await this.runs.markInterrupted(left);
      this.logger.warn(
        `shutdown: ${left.length} run(s) still in flight after ${graceMs} ms, recorded interrupted`,
      );
    }
    return left.length;
  }

  private async open(scope: RunScope, work: () => Promise<RunResult>): Promise<RunView> {
    const { connectorId, kind } = scope;
    const dryRun = scope.dryRun ?? false;
    if (kind === 'reconcile' && !dryRun) {
      // Holding the lock alone: a `running` row of another process is a leftover of a crash.
      await this.runs.interruptLeftovers(connectorId, this.locks.processToken);
    } else {
      const allowed = await this.health.mayRun(connectorId, scope.trigger);
      if (!allowed.ok) {
        throw new ConnectorUnavailableError(connectorId, allowed.reason ?? 'not healthy');
      }
    }
    const started = await this.runs.start({
      connectorId,
      kind,
      trigger: scope.trigger,
      dryRun,
      owner: this.locks.processToken,
    });
    const running = this.execute(scope, dryRun, started.id, work);
    this.inFlight.set(started.id, running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(started.id);
    }
  }

  private async execute(
    scope: RunScope,
    dryRun: boolean,
    runId: number,
    work: () => Promise<RunResult>,
  ): Promise<RunView> {
    const { connectorId, kind } = scope;
    let outcome: RunOutcome;
    let changes: ChangeRecord[] = [];
    let error: string | null;
    try {
      const result = await work();
      changes = result.changes;
      error = result.error ?? null;
      outcome = result.outcome ?? outcomeOf(changes, kind);
      if (kind === 'reconcile' && !dryRun && outcome !== 'blocked') {
        await this.health.recordSuccess(connectorId);
      }
    } catch (failure) {
      error = this.config.redactor.redact(describeError(failure, this.config.failureContext(connectorId)));
      outcome = this.interrupted ? 'interrupted' : 'failed';
      // Shutdown cutting a run short says nothing about the platform.
      if (!this.interrupted) {
        await this.health.recordFailure(connectorId, failure);
      }
    }
    const counts = countChanges(changes);
    const finished = toRunView(await this.runs.finish(runId, { outcome, counts, error, changes }));
    this.metrics.runs.inc({
      connector: connectorId,
      kind,
      outcome: finished.outcome,
      dry_run: String(dryRun),
    });
    const durationMs = Date.parse(finished.finishedAt ?? finished.startedAt) - Date.parse(finished.startedAt);
    this.metrics.runDuration.observe(
      { connector: connectorId, kind, outcome: finished.outcome },
      durationMs / 1000,
    );
    // One increment per (action, outcome): a first sync records 10,000 changes.
    for (const [action, outcome, count] of tally(changes)) {
      this.metrics.changes.inc({ connector: connectorId, action, outcome }, count);
    }
    this.logRun(finished, counts);
    await this.alerts.runFinished(finished);
    return finished;
  }

  /** One line per run, with the fields a log query filters on (connectorId, runId, kind, outcome). */
  private logRun(run: RunView, counts: RunCounts): void {
    const what = `${run.connectorId}: ${run.dryRun ? 'dry run' : 'run'} ${run.kind} ${run.outcome}`;
    const summary = `${what} — ${counts.planned} planned, ${counts.applied} applied, ${counts.failed + counts.rejected} failed, ${counts.unknown} unknown, ${counts.findings} findings`;
    const fields = {
      connectorId: run.connectorId,
      runId: run.id,
      kind: run.kind,
      trigger: run.trigger,
      outcome: run.outcome,
      dryRun: run.dryRun,
      counts,
    };
    if (run.outcome === 'failed' || run.outcome === 'blocked') {
      this.logger.warn({ ...fields, error: run.error, msg: `${summary}: ${run.error ?? ''}` });
    } else if (run.kind === 'reconcile' || run.outcome !== 'ok') {
      this.logger.log({ ...fields, msg: summary });
    } else {
      this.logger.debug({ ...fields, msg: summary });
    }
  }
}

const NOT_DONE = new Set(['failed', 'rejected', 'unknown']);

/**
 * A write that failed or could not be settled makes a reconcile run partial, so `sync` exits 1.
 * The other kinds are one or a few writes for one event: none done is a failed run.
 */
export const outcomeOf = (changes: readonly ChangeRecord[], kind: RunKind): RunOutcome => {
  const writes = changes.filter((c) => c.action !== 'report');
  const notDone = writes.filter((c) => NOT_DONE.has(c.outcome)).length;
  if (notDone === 0) {
    return 'ok';
  }
  return kind !== 'reconcile' && notDone === writes.length ? 'failed' : 'partial';
};

/** One platform write of an event-driven run, timed and turned into its change record. */
export const recordWrite = async (
  change: Omit<ChangeRecord, 'outcome' | 'error' | 'durationMs'>,
  write: () => Promise<void>,
): Promise<ChangeRecord> => {
  const started = performance.now();
  try {
    await write();
    return {
      ...change,
      outcome: 'applied',
      error: null,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    return {
      ...change,
      outcome: dispositionFor(error).changeOutcome,
      error: describeError(error),
      durationMs: Math.round(performance.now() - started),
    };
  }
};

export const countChanges = (changes: readonly ChangeRecord[]): RunCounts => {
  const counts: RunCounts = { planned: 0, applied: 0, failed: 0, rejected: 0, unknown: 0, findings: 0 };
  for (const { action, outcome } of changes) {
    if (action === 'report') {
      counts.findings += 1;
    } else {
      counts.planned += 1;
    }
    if (outcome === 'applied' || outcome === 'failed' || outcome === 'rejected' || outcome === 'unknown') {
      counts[outcome] += 1;
    }
  }
  return counts;
};

/** How many changes share each action and outcome. */
const tally = (changes: readonly ChangeRecord[]): Array<[string, string, number]> => {
  const counts = new Map<string, [string, string, number]>();
  for (const { action, outcome } of changes) {
    const key = `${action}\u0000${outcome}`;
    const entry = counts.get(key);
    if (entry) {
      entry[2] += 1;
    } else {
      counts.set(key, [action, outcome, 1]);
    }
  }
  return [...counts.values()];
};
