import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import type { PlatformCallRecord } from '@app/platforms/http/platform-call.types';

/** Every Prometheus series chat-bridge exposes, on its own registry (no global state). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly runs = new Counter({
    name: 'chat_bridge_runs_total',
    help: 'Reconciliation runs by connector and outcome',
    labelNames: ['connector', 'outcome', 'dry_run'] as const,
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

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'chat_bridge_' });
  }

  readonly observePlatformCall = (call: PlatformCallRecord): void => {
    this.platformCalls.inc({ connector: call.connectorId, route: call.route, status: call.status });
    this.platformCallDuration.observe(
      { connector: call.connectorId, route: call.route },
      call.durationMs / 1000,
    );
  };
}
