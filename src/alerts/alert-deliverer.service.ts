import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';

import { DrainLoop } from '@app/core/drain-loop';
import { BridgeConfigService } from '@app/config/bridge-config.service';
import { exponentialBackoff } from '@app/core/backoff';
import { mapWithConcurrency } from '@app/core/map-with-concurrency';
import type { AlertEntity } from '@app/database/entities/alert.entity';
import { MetricsService } from '@app/metrics/metrics.service';
import { AlertRepository } from '@app/alerts/alert.repository';
import { toPayload } from '@app/alerts/alert-payload';
import { nameSinks, type NamedSink } from '@app/alerts/alert-policy';
import { AlertRaiser } from '@app/alerts/alert-raiser.service';
import { AlertSinkClient } from '@app/alerts/alert-sink.client';

export interface AlertDeliveryPolicy {
  /** Attempts before an alert is `dead` (it stays in the table until retention prunes it). */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** How often due alerts (retries, and those other processes stored) are looked for. */
  idlePollMs: number;
  /** How long a claim keeps an alert from other replicas; longer than one send can take. */
  leaseMs: number;
}

export const ALERT_DELIVERY_POLICY = Symbol('ALERT_DELIVERY_POLICY');

/** 5 s, 10 s, 20 s … up to 30 min between attempts: about 3 hours of retries before giving up. */
export const DEFAULT_ALERT_DELIVERY_POLICY: AlertDeliveryPolicy = {
  maxAttempts: 15,
  backoffBaseMs: 5_000,
  backoffCapMs: 30 * 60_000,
  idlePollMs: 2_000,
  leaseMs: 60_000,
};

const BATCH = 20;
const PARALLEL_SENDS = 4;
const BACKOFF_JITTER = 0.2;

/**
 * Sends stored alerts in the background: claims due rows (safe with several replicas), sends each
 * to its sink, and marks it sent, or retries it with exponential backoff until it is dead. Runs
 * and webhooks never wait for it. Daemon only; alerts stored by a one-shot command wait for it.
 */
@Injectable()
export class AlertDeliverer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertDeliverer.name);
  private readonly sinks: Map<string, NamedSink>;
  private readonly loop: DrainLoop;

  constructor(
    private readonly config: BridgeConfigService,
    private readonly alerts: AlertRepository,
    private readonly client: AlertSinkClient,
    private readonly metrics: MetricsService,
    raiser: AlertRaiser,
    @Optional()
    @Inject(ALERT_DELIVERY_POLICY)
    private readonly policy: AlertDeliveryPolicy = DEFAULT_ALERT_DELIVERY_POLICY,
  ) {
    this.loop = new DrainLoop(() => this.drain(), this.policy.idlePollMs);
    this.sinks = new Map(nameSinks(config.config.alerts).map((sink) => [sink.name, sink]));
    raiser.onRaised(() => this.wake());
  }

  onApplicationBootstrap(): void {
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Claims nothing more; resolves when the alerts in hand are settled. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Alerts are waiting: send now rather than at the next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** Sends every due alert; resolves when none is left. */
  async drain(): Promise<void> {
    try {
      while (!this.loop.stopped) {
        const due = await this.alerts.claimDue({ limit: BATCH, leaseMs: this.policy.leaseMs });
        if (due.length === 0) {
          return;
        }
        await mapWithConcurrency(due, PARALLEL_SENDS, (alert) => this.deliver(alert));
      }
    } catch (error) {
      this.logger.error(`alert delivery failed: ${this.describe(error)}`);
    }
  }

  private async deliver(alert: AlertEntity): Promise<void> {
    const labels = { sink: alert.sink, event: alert.event };
    const sink = this.sinks.get(alert.sink);
    if (sink === undefined) {
      await this.alerts.markDead(alert.id, `sink ${alert.sink} is no longer configured`);
      this.metrics.alerts.inc({ ...labels, outcome: 'dead' });
      return;
    }
    try {
      await this.client.send(sink, toPayload(alert));
      await this.alerts.markSent(alert.id);
      this.metrics.alerts.inc({ ...labels, outcome: 'sent' });
      this.logger.log({
        alertId: alert.id,
        sink: alert.sink,
        event: alert.event,
        connectorId: alert.connectorId,
        msg: `alert ${alert.event} about ${alert.connectorId} sent to ${alert.sink}`,
      });
    } catch (error) {
      await this.failed(alert, this.describe(error));
    }
  }

  private async failed(alert: AlertEntity, reason: string): Promise<void> {
    const labels = { sink: alert.sink, event: alert.event };
    // claimDue already counted this attempt.
    if (alert.attempts >= this.policy.maxAttempts) {
      await this.alerts.markDead(alert.id, reason);
      this.metrics.alerts.inc({ ...labels, outcome: 'dead' });
      this.logger.error(
        `alert ${alert.id} (${alert.event} about ${alert.connectorId}) to ${alert.sink} is dead after ${alert.attempts} attempts: ${reason}`,
      );
      return;
    }
    const delay = exponentialBackoff({
      attempt: alert.attempts,
      baseMs: this.policy.backoffBaseMs,
      capMs: this.policy.backoffCapMs,
      jitter: BACKOFF_JITTER,
    });
    await this.alerts.markFailed(alert.id, reason, new Date(Date.now() + delay));
    this.metrics.alerts.inc({ ...labels, outcome: 'retry' });
    this.logger.warn(
      `alert ${alert.id} (${alert.event} about ${alert.connectorId}) to ${alert.sink} failed, retry ${alert.attempts} in ${Math.round(delay / 1000)} s: ${reason}`,
    );
  }

  private describe(error: unknown): string {
    return this.config.redactor.redact(error instanceof Error ? error.message : String(error));
  }
}
