import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { AlertRaiser } from '@app/alerts/alert-raiser.service';
import { BridgeConfigService } from '@app/config/bridge-config.service';
import type { ConnectorConfig } from '@app/core/config.types';
import { exponentialBackoff } from '@app/core/backoff';
import { ConnectorStateRepository } from '@app/database/repositories/connector-state.repository';
import { describeError, dispositionFor } from '@app/runs/platform-error.handler';
import type { RunTrigger } from '@app/runs/run.types';

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 60 * 60 * 1000;
const BACKOFF_JITTER = 0.1;

/** Remembers how each connector is doing, so a failing one backs off and never stops the others. */
@Injectable()
export class ConnectorHealthService {
  constructor(
    private readonly config: BridgeConfigService,
    private readonly states: ConnectorStateRepository,
    private readonly alerts: AlertRaiser,
  ) {}

  async recordSuccess(connectorId: string): Promise<void> {
    const previous = await this.states.find(connectorId);
    await this.states.upsert({
      connectorId,
      health: 'healthy',
      consecutiveFailures: 0,
      lastSuccessAt: new Date(),
      lastRunAt: new Date(),
      lastError: null,
      backoffUntil: null,
      configHash: this.configHash(connectorId),
    });
    await this.alerts.healthChanged(connectorId, previous?.health, 'healthy', null);
  }

  async recordFailure(connectorId: string, error: unknown): Promise<void> {
    const previous = await this.states.find(connectorId);
    const failures = (previous?.consecutiveFailures ?? 0) + 1;
    const disposition = dispositionFor(error);
    const delay = exponentialBackoff({
      attempt: failures,
      baseMs: BACKOFF_BASE_MS,
      capMs: BACKOFF_CAP_MS,
      jitter: BACKOFF_JITTER,
    });
    const lastError = this.config.redactor.redact(
      describeError(error, this.config.failureContext(connectorId)),
    );
    await this.states.upsert({
      connectorId,
      health: disposition.health,
      consecutiveFailures: failures,
      lastRunAt: new Date(),
      lastError,
      backoffUntil: new Date(Date.now() + delay),
      configHash: this.configHash(connectorId),
    });
    await this.alerts.healthChanged(connectorId, previous?.health, disposition.health, lastError);
  }

  /**
   * Scheduled runs wait out the backoff; bad credentials wait for a config change. An admin's
   * manual run always goes through.
   */
  async mayRun(connectorId: string, trigger: RunTrigger): Promise<{ ok: boolean; reason?: string }> {
    if (trigger === 'manual') {
      return { ok: true };
    }
    const state = await this.states.find(connectorId);
    if (!state) {
      return { ok: true };
    }
    const stuck = state.health === 'bad_credentials' || state.health === 'quarantined';
    if (stuck && state.configHash === this.configHash(connectorId)) {
      return { ok: false, reason: `${state.health} until its configuration changes or an admin runs it` };
    }
    if (!stuck && state.backoffUntil && state.backoffUntil.getTime() > Date.now()) {
      return { ok: false, reason: `backing off until ${state.backoffUntil.toISOString()}` };
    }
    return { ok: true };
  }

  async setNextRun(connectorId: string, at: Date): Promise<void> {
    await this.states.upsert({ connectorId, nextRunAt: at });
  }

  // A digest of the connector's config (secrets included, so a new token counts as a change).
  private configHash(connectorId: string): string {
    const connector: ConnectorConfig = this.config.connector(connectorId);
    return createHash('sha256').update(JSON.stringify(connector)).digest('hex');
  }
}
