import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';

import { BridgeConfigService } from '@app/config/bridge-config.service';
import { ConnectorStateRepository } from '@app/database/repositories/connector-state.repository';
import { RunRepository } from '@app/database/repositories/run.repository';
import { MetricsService } from '@app/metrics/metrics.service';

/**
 * Levels an alert rule can watch, read from the database when Prometheus scrapes (so every replica
 * answers the same): is each connector up, when did it last succeed, is its last run blocked.
 */
@Injectable()
export class ConnectorMetrics {
  constructor(
    config: BridgeConfigService,
    metrics: MetricsService,
    runs: RunRepository,
    states: ConnectorStateRepository,
  ) {
    const enabled = () => config.connectors.filter((c) => c.enabled).map((c) => c.id);
    new Gauge({
      name: 'chat_bridge_connector_up',
      help: '1 when the connector is healthy, 0 when degraded, bad_credentials or quarantined',
      labelNames: ['connector', 'health'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        const byId = new Map((await states.findAll()).map((s) => [s.connectorId, s]));
        for (const id of enabled()) {
          const health = byId.get(id)?.health ?? 'healthy';
          this.set({ connector: id, health }, health === 'healthy' ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'chat_bridge_connector_last_success_timestamp_seconds',
      help: 'When the connector last finished a run without failing (Unix seconds; absent before the first)',
      labelNames: ['connector'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const state of await states.findAll()) {
          if (state.lastSuccessAt) {
            this.set({ connector: state.connectorId }, state.lastSuccessAt.getTime() / 1000);
          }
        }
      },
    });
    new Gauge({
      name: 'chat_bridge_connector_blocked',
      help: '1 while the connector’s latest reconcile run is blocked by the deletion safeguard',
      labelNames: ['connector'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const id of enabled()) {
          // A one-operator run (provision on demand) says nothing about the connector's safeguard.
          const [last] = await runs.list({
            connectorId: id,
            kind: 'reconcile',
            limit: 1,
            excludeScoped: true,
          });
          this.set({ connector: id }, last?.outcome === 'blocked' ? 1 : 0);
        }
      },
    });
  }
}
