import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

import { ReconcileService } from '@app/reconcile/reconcile.service';
import { ConnectorBusyError, ShuttingDownError } from '@app/runs/run-errors';

const DEBOUNCE_MS = 2_000;

/**
 * "Reconcile this connector soon", from webhooks: a burst of events becomes one run, and a run
 * already in progress is followed by one more.
 */
@Injectable()
export class ReconcileRequests implements OnApplicationShutdown {
  private readonly logger = new Logger(ReconcileRequests.name);
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly reconcile: ReconcileService) {}

  request(connectorId: string): void {
    if (this.timers.has(connectorId)) {
      return;
    }
    const timer = setTimeout(() => void this.run(connectorId), DEBOUNCE_MS);
    timer.unref();
    this.timers.set(connectorId, timer);
  }

  onApplicationShutdown(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
  }

  private async run(connectorId: string): Promise<void> {
    this.timers.delete(connectorId);
    try {
      await this.reconcile.reconcile({ connectorId, trigger: 'event' });
    } catch (error) {
      if (error instanceof ConnectorBusyError) {
        this.request(connectorId); // a run is in progress: one more after it
        return;
      }
      if (error instanceof ShuttingDownError) {
        return;
      }
      this.logger.warn(
        `${connectorId}: event-triggered run failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
