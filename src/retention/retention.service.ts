import { setImmediate as yieldToOthers } from 'node:timers/promises';

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { AlertRepository } from '@app/alerts/alert.repository';
import { BridgeConfigService } from '@app/config/bridge-config.service';
import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { RunRepository } from '@app/database/repositories/run.repository';
import { MetricsService } from '@app/metrics/metrics.service';

export interface PruneReport {
  runs: number;
  changes: number;
  events: number;
  alerts: number;
}

/** How often pruning runs, how much one transaction deletes, and how much one round may delete. */
export const RETENTION_SCHEDULE = {
  firstAfterMs: 60_000,
  everyMs: 10 * 60_000,
  batch: 200,
  maxBatchesPerRound: 50,
  /**
   * Expired replay receipts go more often, so the table stays near the size of the signatures'
   * window; deleting them on every delivery was a large part of a webhook's cost.
   */
  receiptsEveryMs: 60_000,
} as const;

/**
 * Deletes runs (with their changes) and final inbox events older than `retention.*`, in small
 * transactions with a pause between them, so webhooks and runs are never held up behind a purge.
 * A backlog larger than one round is finished by the next rounds.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RetentionService.name);
  private running = false;

  constructor(
    private readonly config: BridgeConfigService,
    private readonly inbox: InboxRepository,
    private readonly metrics: MetricsService,
    private readonly runs: RunRepository,
    private readonly scheduler: SchedulerRegistry,
    private readonly alerts: AlertRepository,
  ) {}

  onApplicationBootstrap(): void {
    for (const table of ['runs', 'run_changes', 'inbox_events', 'alerts', 'webhook_receipts']) {
      this.metrics.retentionPruned.inc({ table }, 0); // the series exist (at 0) before the first round
    }
    const first = setTimeout(() => void this.round(), RETENTION_SCHEDULE.firstAfterMs);
    const every = setInterval(() => void this.round(), RETENTION_SCHEDULE.everyMs);
    // The registry clears them when the application closes.
    this.scheduler.addTimeout('retention:first', first);
    this.scheduler.addInterval('retention', every);
    const receipts = setInterval(() => void this.pruneReceipts(), RETENTION_SCHEDULE.receiptsEveryMs);
    this.scheduler.addInterval('retention:receipts', receipts);
  }

  /** Deletes the replay receipts that expired before `now`; answers how many (undefined if it failed). */
  async pruneReceipts(now = new Date()): Promise<number | undefined> {
    let pruned = 0;
    try {
      await this.inBatches(async () => {
        const gone = await this.inbox.pruneReceipts(now, RETENTION_SCHEDULE.batch);
        pruned += gone;
        this.metrics.retentionPruned.inc({ table: 'webhook_receipts' }, gone);
        return gone;
      });
      return pruned;
    } catch (error) {
      this.logger.error(
        `retention: pruning webhook receipts failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
  }

  /** One round; a round still going when the next is due makes the next one skip. */
  async round(now = new Date()): Promise<PruneReport | undefined> {
    if (this.running) {
      return undefined;
    }
    this.running = true;
    try {
      const report = await this.prune(now);
      if (report.runs + report.events + report.alerts > 0) {
        this.logger.log(
          `retention: pruned ${report.runs} runs (${report.changes} changes), ${report.events} inbox events and ${report.alerts} alerts`,
        );
      }
      return report;
    } catch (error) {
      this.logger.error(
        `retention: pruning failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    } finally {
      this.running = false;
    }
  }

  async prune(now = new Date()): Promise<PruneReport> {
    const { retention } = this.config.config;
    const report: PruneReport = { runs: 0, changes: 0, events: 0, alerts: 0 };
    const runsBefore = new Date(now.getTime() - retention.runs.ms);
    const eventsBefore = new Date(now.getTime() - retention.events.ms);
    await this.inBatches(async () => {
      const pruned = await this.runs.prune(runsBefore, RETENTION_SCHEDULE.batch);
      report.runs += pruned.runs;
      report.changes += pruned.changes;
      this.metrics.retentionPruned.inc({ table: 'runs' }, pruned.runs);
      this.metrics.retentionPruned.inc({ table: 'run_changes' }, pruned.changes);
      return pruned.runs;
    });
    await this.inBatches(async () => {
      const pruned = await this.inbox.prune(eventsBefore, RETENTION_SCHEDULE.batch);
      report.events += pruned;
      this.metrics.retentionPruned.inc({ table: 'inbox_events' }, pruned);
      return pruned;
    });
    // Sent and dead alerts are history like final inbox events, and kept as long.
    await this.inBatches(async () => {
      const pruned = await this.alerts.prune(eventsBefore, RETENTION_SCHEDULE.batch);
      report.alerts += pruned;
      this.metrics.retentionPruned.inc({ table: 'alerts' }, pruned);
      return pruned;
    });
    return report;
  }

  private async inBatches(batch: () => Promise<number>): Promise<void> {
    for (let round = 0; round < RETENTION_SCHEDULE.maxBatchesPerRound; round++) {
      if ((await batch()) < RETENTION_SCHEDULE.batch) {
        return;
      }
      await yieldToOthers();
    }
  }
}
