import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { BridgeConfigService } from '@app/config/bridge-config.service';
import { DirectoryService } from '@app/directory/directory.service';
import { ConnectorHealthService } from '@app/reconcile/connector-health.service';
import { nextRunAt } from '@app/reconcile/next-run-at';
import { ReconcileService } from '@app/reconcile/reconcile.service';
import type { RunTrigger } from '@app/reconcile/reconcile.types';

/** Thin: a run at start, then one timer per connector. Never overlaps runs, never throws. */
@Injectable()
export class ReconcileScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcileScheduler.name);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly nextRuns = new Map<string, Date>();
  private stopped = false;

  constructor(
    private readonly config: BridgeConfigService,
    private readonly directory: DirectoryService,
    private readonly health: ConnectorHealthService,
    private readonly reconcile: ReconcileService,
  ) {}

  nextRun(connectorId: string): Date | undefined {
    return this.nextRuns.get(connectorId);
  }

  onApplicationBootstrap(): void {
    // Start-up runs happen in the background so the HTTP server (webhooks, health) is up at once.
    void this.startupRuns();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
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
      if (!allowed.ok) {
        this.logger.warn(`${connectorId}: scheduled run skipped, ${allowed.reason}`);
      } else if (this.reconcile.isRunning(connectorId)) {
        this.logger.log(`${connectorId}: previous run still in progress, this one is skipped`);
      } else {
        await this.reconcile.reconcile({ connectorId, trigger });
      }
    } catch (error) {
      // The job boundary: nothing escapes to the timer.
      this.logger.error(`${connectorId}: ${error instanceof Error ? error.message : String(error)}`);
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
    clearTimeout(this.timers.get(connectorId));
    const timer = setTimeout(
      () => void this.runOnce(connectorId, 'schedule'),
      Math.max(0, at.getTime() - Date.now()),
    );
    timer.unref();
    this.timers.set(connectorId, timer);
    try {
      await this.health.setNextRun(connectorId, at);
    } catch (error) {
      this.logger.warn(`${connectorId}: could not store the next run time: ${String(error)}`);
    }
  }
}
