import { Injectable, Logger } from '@nestjs/common';

import { BridgeConfigService } from '@app/config/bridge-config.service';
import type { AlertEvent } from '@app/core/config.types';
import type { JsonValue } from '@app/core/json-value';
import { MetricsService } from '@app/metrics/metrics.service';
import { AlertRepository } from '@app/alerts/alert.repository';
import { admission, nameSinks, type NamedSink } from '@app/alerts/alert-policy';

/** What the producers report; the raiser words the message. */
export interface RaisedAlert {
  event: AlertEvent;
  connectorId: string;
  message: string;
  details: Record<string, JsonValue>;
  /** For `changes.failed`: compared with each sink's `failedChangesThreshold`. */
  failedChanges?: number;
}

/** A finished run, as the run recorder knows it. */
export interface FinishedRunFacts {
  id: number;
  connectorId: string;
  kind: string;
  trigger: string;
  outcome: string;
  dryRun: boolean;
  counts: { failed: number; rejected: number };
  error: string | null;
}

const UNHEALTHY = new Set(['degraded', 'bad_credentials', 'quarantined']);

/**
 * Turns facts (a connector's health changed, a run was blocked or lost changes, an event died) into
 * alert rows, one per sink that wants them, after dedupe and the sink's hourly budget. It only
 * writes rows: sending is the deliverer's job, so a sink that is down never holds up a run or a
 * webhook. A failure to store an alert is logged and never fails the producer.
 */
@Injectable()
export class AlertRaiser {
  private readonly logger = new Logger(AlertRaiser.name);
  private readonly sinks: NamedSink[];
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly config: BridgeConfigService,
    private readonly alerts: AlertRepository,
    private readonly metrics: MetricsService,
  ) {
    this.sinks = nameSinks(config.config.alerts);
  }

  /** Called after new alerts were stored (the deliverer sends them at once instead of at its next poll). */
  onRaised(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** A connector's health moved from `previous` (undefined: never recorded) to `current`. */
  async healthChanged(
    connectorId: string,
    previous: string | undefined,
    current: string,
    error: string | null,
  ) {
    if (previous === current) {
      return;
    }
    const details = { previousHealth: previous ?? null, health: current, error };
    if (current === 'healthy') {
      if (previous !== undefined && UNHEALTHY.has(previous)) {
        await this.raise({
          event: 'connector.recovered',
          connectorId,
          message: `${connectorId} recovered: its latest run succeeded (it was ${previous})`,
          details,
        });
      }
      return;
    }
    if (current === 'bad_credentials') {
      await this.raise({
        event: 'connector.bad_credentials',
        connectorId,
        message: `${connectorId}: the platform refused its credentials; scheduled runs wait until its configuration changes or an admin runs it${error ? ` (${error})` : ''}`,
        details,
      });
    } else if (UNHEALTHY.has(current)) {
      await this.raise({
        event: 'connector.degraded',
        connectorId,
        message: `${connectorId} is ${current}${error ? `: ${error}` : ''}`,
        details,
      });
    }
  }

  /** A run finished: blocked by the deletion safeguard, or with failed changes. Dry runs never alert. */
  async runFinished(run: FinishedRunFacts): Promise<void> {
    if (run.dryRun) {
      return;
    }
    const details = { runId: run.id, kind: run.kind, trigger: run.trigger, outcome: run.outcome };
    if (run.outcome === 'blocked') {
      await this.raise({
        event: 'run.blocked',
        connectorId: run.connectorId,
        message: `${run.connectorId}: run ${run.id} was blocked by the deletion safeguard${run.error ? ` (${run.error})` : ''}; check it with \`chat-bridge plan --connector ${run.connectorId}\`, then go ahead with \`chat-bridge sync --connector ${run.connectorId} --allow-deletes\``,
        details: { ...details, error: run.error },
      });
    }
    const failed = run.counts.failed + run.counts.rejected;
    if (failed > 0) {
      await this.raise({
        event: 'changes.failed',
        connectorId: run.connectorId,
        message: `${run.connectorId}: ${failed} change(s) failed in run ${run.id} (${run.kind})`,
        details: { ...details, failed: run.counts.failed, rejected: run.counts.rejected },
        failedChanges: failed,
      });
    }
  }

  /** An inbox event was given up as `dead`. */
  async eventDead(event: { id: number; connectorId: string; kind: string; attempts: number; error: string }) {
    await this.raise({
      event: 'event.dead',
      connectorId: event.connectorId,
      message: `${event.connectorId}: inbox event ${event.id} (${event.kind}) is dead after ${event.attempts} attempts; replay it with POST /api/events/${event.id}/replay once the cause is fixed`,
      details: { eventId: event.id, kind: event.kind, attempts: event.attempts, error: event.error },
    });
  }

  async raise(alert: RaisedAlert): Promise<void> {
    const redactor = this.config.redactor;
    const message = redactor.redact(alert.message);
    const details = JSON.stringify(redactor.redactValue(alert.details));
    let stored = 0;
    for (const sink of this.sinks.filter((candidate) => wants(candidate, alert))) {
      try {
        const { decision } = await this.alerts.insertIfAdmitted(
          { sink: sink.name, event: alert.event, connectorId: alert.connectorId, message, details },
          { windowMs: sink.repeatAfter.ms, admit: admission(alert.event, sink.maxPerHour) },
        );
        const outcome =
          decision === 'store' ? 'queued' : decision === 'duplicate' ? 'deduplicated' : decision;
        this.metrics.alerts.inc({ sink: sink.name, event: alert.event, outcome });
        if (decision === 'store') {
          stored++;
        } else if (decision === 'rate_limited') {
          this.logger.warn(
            `alert ${alert.event} about ${alert.connectorId} dropped: sink ${sink.name} reached its ${sink.maxPerHour} alerts per hour: ${message}`,
          );
        }
      } catch (error) {
        this.logger.error(
          `alert ${alert.event} about ${alert.connectorId} for sink ${sink.name} could not be stored: ${redactor.redact(error instanceof Error ? error.message : String(error))}`,
        );
      }
    }
    if (stored > 0) {
      this.listeners.forEach((listener) => listener());
    }
  }
}

const wants = (sink: NamedSink, alert: RaisedAlert): boolean =>
  sink.events.includes(alert.event) &&
  (alert.failedChanges === undefined || alert.failedChanges >= sink.failedChangesThreshold);
