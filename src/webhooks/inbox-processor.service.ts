import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { Gauge } from 'prom-client';

import { DrainLoop } from '@app/core/drain-loop';
import { AlertRaiser } from '@app/alerts/alert-raiser.service';
import { exponentialBackoff } from '@app/core/backoff';
import type { InboxEventEntity } from '@app/database/entities/inbox-event.entity';
import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { MetricsService } from '@app/metrics/metrics.service';
import type { CanonicalEvent } from '@app/platforms/webhook.types';
import { EventApplier } from '@app/webhooks/event-applier.service';

const BATCH = 50;
const BACKOFF_JITTER = 0.2;

export interface InboxRetryPolicy {
  /** Attempts before an event is `dead` (replayable from the admin API). */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  idlePollMs: number;
}

export const INBOX_RETRY_POLICY = Symbol('INBOX_RETRY_POLICY');

export const DEFAULT_INBOX_RETRY_POLICY: InboxRetryPolicy = {
  maxAttempts: 8,
  backoffBaseMs: 1_000,
  backoffCapMs: 10 * 60 * 1000,
  idlePollMs: 1_000,
};

/** Drains the inbox in the background: apply, retry with backoff, give up as `dead`. */
@Injectable()
export class InboxProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboxProcessor.name);
  private readonly loop: DrainLoop;

  constructor(
    private readonly applier: EventApplier,
    private readonly inbox: InboxRepository,
    private readonly metrics: MetricsService,
    @Optional()
    @Inject(INBOX_RETRY_POLICY)
    private readonly policy: InboxRetryPolicy = DEFAULT_INBOX_RETRY_POLICY,
    // Absent where the processor is built by hand without alerting.
    @Optional() private readonly alerts?: AlertRaiser,
  ) {
    this.loop = new DrainLoop(() => this.drain(), this.policy.idlePollMs);
    const inboxStats = () => this.inbox.stats();
    new Gauge({
      name: 'chat_bridge_inbox_depth',
      help: 'Inbox events waiting or given up, by state (pending, failed, dead); done events are history, not depth',
      labelNames: ['state'] as const,
      registers: [metrics.registry],
      async collect() {
        const stats = await inboxStats();
        for (const [state, count] of Object.entries(stats.depthByState)) {
          if (state !== 'done') {
            this.set({ state }, count);
          }
        }
      },
    });
    new Gauge({
      name: 'chat_bridge_inbox_oldest_pending_age_seconds',
      help: 'Age of the oldest pending inbox event (0 when none)',
      registers: [metrics.registry],
      async collect() {
        const { oldestPendingReceivedAt } = await inboxStats();
        this.set(oldestPendingReceivedAt ? (Date.now() - oldestPendingReceivedAt.getTime()) / 1000 : 0);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Events stored (or claimed) before a crash or restart are picked up here.
    const released = await this.inbox.releaseClaimsAtStart();
    if (released > 0) {
      this.logger.warn(`${released} inbox events claimed before a restart are due again`);
    }
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Claims nothing more; resolves when the event in hand is done. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** New events are waiting: drain now rather than at the next idle poll. */
  wake(): void {
    this.loop.wake();
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const events = await this.inbox.claimDue({ limit: BATCH });
        if (events.length === 0 || this.loop.stopped) {
          return;
        }
        await this.processBatch(events);
        if (events.length < BATCH || this.loop.stopped) {
          // Nothing else was due at the claim; what was stored since woke the processor again.
          return;
        }
      }
    } catch (error) {
      this.logger.error(`inbox drain failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Applies a claimed batch in order. The applied events are marked done together, in one
   * statement at the end of the batch (or when stopping): the claim's lease keeps them from every
   * other claimer meanwhile, and a crash before the mark makes them due again, as it did for the
   * one event in hand when each was marked on its own.
   */
  private async processBatch(events: InboxEventEntity[]): Promise<void> {
    const applied: InboxEventEntity[] = [];
    try {
      for (const event of events) {
        if (this.loop.stopped) {
          return; // claimed but untouched: due again at the next start (or lease end)
        }
        if (await this.process(event)) {
          applied.push(event);
        }
      }
    } finally {
      await this.inbox.markDoneMany(applied.map((event) => event.id));
      for (const event of applied) {
        this.metrics.eventsProcessed.inc({ connector: event.connectorId, kind: event.kind, result: 'done' });
      }
    }
  }

  /** True when the event was applied (its done mark is the batch's); failures are recorded here. */
  private async process(event: InboxEventEntity): Promise<boolean> {
    const labels = { connector: event.connectorId, kind: event.kind };
    try {
      await this.applier.apply(event.connectorId, JSON.parse(event.payload) as CanonicalEvent);
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // claimDue already counted this attempt.
      if (event.attempts >= this.policy.maxAttempts) {
        await this.inbox.markDead(event.id, message);
        this.metrics.eventsProcessed.inc({ ...labels, result: 'dead' });
        this.logger.error(
          `event ${event.id} (${event.kind}) is dead after ${event.attempts} attempts: ${message}`,
        );
        await this.alerts?.eventDead({ ...event, error: message });
        return false;
      }
      const delay = exponentialBackoff({
        attempt: event.attempts,
        baseMs: this.policy.backoffBaseMs,
        capMs: this.policy.backoffCapMs,
        jitter: BACKOFF_JITTER,
      });
      await this.inbox.markFailed(event.id, message, new Date(Date.now() + delay));
      this.metrics.eventsProcessed.inc({ ...labels, result: 'retry' });
      this.logger.warn(`event ${event.id} (${event.kind}) failed, retry ${event.attempts}: ${message}`);
      return false;
    }
  }
}
