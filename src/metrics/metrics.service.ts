import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import { packageVersion } from '@app/core/package-version';
import type { PlatformCallRecord } from '@app/platforms/http/platform-call.types';

/** One spelling for path parameters in route labels: `{user_id}` and `:id` both become `:name`. */
export const routeLabel = (route: string): string => route.replace(/\{([^}]+)\}/g, ':$1');

/** Every Prometheus series chat-bridge exposes, on its own registry (no global state). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly runs = new Counter({
    name: 'chat_bridge_runs_total',
    help: 'Runs by connector, kind (reconcile, availability, conversation, chat-release) and outcome',
    labelNames: ['connector', 'kind', 'outcome', 'dry_run'] as const,
    registers: [this.registry],
  });

  readonly runDuration = new Histogram({
    name: 'chat_bridge_run_duration_seconds',
    help: 'How long runs take, by connector, kind and outcome',
    labelNames: ['connector', 'kind', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [this.registry],
  });

  readonly buildInfo = new Gauge({
    name: 'chat_bridge_build_info',
    help: 'Always 1; the labels say which build runs',
    labelNames: ['version', 'node'] as const,
    registers: [this.registry],
  });

  readonly changes = new Counter({
    name: 'chat_bridge_changes_total',
    help: 'Planned or applied operator changes by connector, action and outcome',
    labelNames: ['connector', 'action', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly platformCalls = new Counter({
    name: 'chat_bridge_platform_calls_total',
    help: 'HTTP attempts to platforms by connector, route template and status',
    labelNames: ['connector', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly platformCallDuration = new Histogram({
    name: 'chat_bridge_platform_call_duration_seconds',
    help: 'Latency of HTTP attempts to platforms',
    labelNames: ['connector', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly webhooksReceived = new Counter({
    name: 'chat_bridge_webhook_events_received_total',
    help: 'Webhook events received and durably stored or recognised as duplicates, by connector and kind',
    labelNames: ['connector', 'kind'] as const,
    registers: [this.registry],
  });

  readonly webhooksRejected = new Counter({
    name: 'chat_bridge_webhook_requests_rejected_total',
    help: 'Webhook requests refused by connector and reason (unknown_connector, signature, body)',
    labelNames: ['connector', 'reason'] as const,
    registers: [this.registry],
  });

  readonly webhookDuplicates = new Counter({
    name: 'chat_bridge_webhook_events_duplicate_total',
    help: 'Webhook events acknowledged and ignored because their dedupe key was already stored',
    labelNames: ['connector'] as const,
    registers: [this.registry],
  });

  readonly eventsProcessed = new Counter({
    name: 'chat_bridge_inbox_events_processed_total',
    help: 'Inbox events applied, by connector, kind and result (done, retry, dead)',
    labelNames: ['connector', 'kind', 'result'] as const,
    registers: [this.registry],
  });

  readonly retentionPruned = new Counter({
    name: 'chat_bridge_retention_pruned_total',
    help: 'Rows deleted by retention (retention.runs, retention.events), by table',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });

  readonly alerts = new Counter({
    name: 'chat_bridge_alerts_total',
    help: 'Alerts by sink, event and outcome (queued, deduplicated, rate_limited, sent, retry, dead)',
    labelNames: ['sink', 'event', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly assignmentLatency = new Histogram({
    name: 'chat_bridge_assignment_answer_seconds',
    help: 'Time to answer an assign-agent callback, verification to reply',
    labelNames: ['connector'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'chat_bridge_' });
    this.buildInfo.set({ version: packageVersion(), node: process.version }, 1);
  }

  readonly observePlatformCall = (call: PlatformCallRecord): void => {
    const route = routeLabel(call.route);
    this.platformCalls.inc({ connector: call.connectorId, route, status: call.status });
    this.platformCallDuration.observe({ connector: call.connectorId, route }, call.durationMs / 1000);
  };
}
