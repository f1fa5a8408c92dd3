import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { Gauge } from 'prom-client';

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
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;

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
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.draining;
  }

  /** New events are waiting: drain now rather than at the next idle poll. */
  wake(): void {
    if (this.stopped) {
      return;
    }
    if (this.draining) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      } else {
        this.schedule();
      }
    });
  }

  private schedule(): void {
    if (!this.stopped) {
      this.timer = setTimeout(() => this.wake(), this.policy.idlePollMs);
      this.timer.unref();
    }
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const events = await this.inbox.claimDue({ limit: BATCH });
        if (events.length === 0 || this.stopped) {
          return;
        }
        for (const event of events) {
          if (this.stopped) {
            return; // claimed but untouched: due again at the next start (or lease end)
          }
          await this.process(event);
        }
        if (events.length < BATCH) {
          // Nothing else was due at the claim; what was stored since woke the processor again.
          return;
        }
      }
    } catch (error) {
      this.logger.error(`inbox drain failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async process(event: InboxEventEntity): Promise<void> {
    const labels = { connector: event.connectorId, kind: event.kind };
    try {
      await this.applier.apply(event.connectorId, JSON.parse(event.payload) as CanonicalEvent);
      await this.inbox.markDone(event.id);
      this.metrics.eventsProcessed.inc({ ...labels, result: 'done' });
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
        return;
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
    }
  }
}
