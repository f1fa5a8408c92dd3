import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { BridgeConfigService } from '@app/config/bridge-config.service';
import { DirectoryService } from '@app/directory/directory.service';
import { ConnectorHealthService } from '@app/runs/connector-health.service';
import { nextRunAt } from '@app/reconcile/next-run-at';
import { ReconcileService } from '@app/reconcile/reconcile.service';
import type { RunTrigger } from '@app/reconcile/reconcile.types';
import { ConnectorBusyError, ShuttingDownError } from '@app/runs/run-errors';

const jobName = (connectorId: string): string => `reconcile:${connectorId}`;
// A scheduled run waits this long for a connector another run holds (a short event write here, a
// CLI sync or another replica); after that it skips its turn.
const SCHEDULED_RUN_WAIT_MS = 10_000;

/**
 * A run at start, then one job per connector in Nest's SchedulerRegistry: a timeout re-armed after
 * each run for the next time its schedule (duration or cron, with jitter) gives. A run never
 * overlaps another: the connector's lock is the only guard, and a busy connector skips its turn.
 */
@Injectable()
export class ReconcileScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcileScheduler.name);
  private readonly nextRuns = new Map<string, Date>();
  private stopped = false;

  constructor(
    private readonly config: BridgeConfigService,
    private readonly directory: DirectoryService,
    private readonly health: ConnectorHealthService,
    private readonly reconcile: ReconcileService,
    private readonly registry: SchedulerRegistry,
  ) {}

  nextRun(connectorId: string): Date | undefined {
    return this.nextRuns.get(connectorId);
  }

  onApplicationBootstrap(): void {
    // Start-up runs happen in the background so the HTTP server (webhooks, health) is up at once.
    void this.startupRuns();
  }

  /** Called first on SIGTERM: no run is scheduled any more. */
  stop(): void {
    this.stopped = true;
    for (const connector of this.config.connectors) {
      if (this.registry.doesExist('timeout', jobName(connector.id))) {
        this.registry.deleteTimeout(jobName(connector.id));
      }
    }
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  private async startupRuns(): Promise<void> {
    const enabled = this.config.enabledConnectors;
    // The source connector defines the directory, so it goes first.
    const source = enabled.find((c) => this.directory.isSource(c.id));
    if (source) {
      await this.runOnce(source.id, 'startup');
    }
    await Promise.all(enabled.filter((c) => c !== source).map((c) => this.runOnce(c.id, 'startup')));
  }

  private async runOnce(connectorId: string, trigger: RunTrigger): Promise<void> {
    try {
      const allowed = await this.health.mayRun(connectorId, trigger);
      if (allowed.ok) {
        await this.reconcile.reconcile({ connectorId, trigger, waitMs: SCHEDULED_RUN_WAIT_MS });
      } else {
        this.logger.warn(`${connectorId}: scheduled run skipped, ${allowed.reason}`);
      }
    } catch (error) {
      if (error instanceof ConnectorBusyError) {
        this.logger.log(`${error.message}; this turn is skipped`);
      } else if (!(error instanceof ShuttingDownError)) {
        // The job boundary: nothing escapes to the timer.
        this.logger.error(`${connectorId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    } finally {
      await this.scheduleNext(connectorId);
    }
  }

  private async scheduleNext(connectorId: string): Promise<void> {
    if (this.stopped) {
      return;
    }
    const at = nextRunAt(this.config.connector(connectorId).schedule, new Date());
    this.nextRuns.set(connectorId, at);
    const name = jobName(connectorId);
    if (this.registry.doesExist('timeout', name)) {
      this.registry.deleteTimeout(name);
    }
    const timer = setTimeout(
      () => {
        this.registry.deleteTimeout(name);
        void this.runOnce(connectorId, 'schedule');
      },
      Math.max(0, at.getTime() - Date.now()),
    );
    timer.unref();
    this.registry.addTimeout(name, timer);
    try {
      await this.health.setNextRun(connectorId, at);
    } catch (error) {
      this.logger.warn(`${connectorId}: could not store the next run time: ${String(error)}`);
    }
  }
}
