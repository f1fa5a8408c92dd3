import { Controller, Get } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { apiException } from '@app/common/api-errors';
import { BridgeConfigService } from '@app/config/bridge-config.service';
import { ConnectorStateRepository } from '@app/database/repositories/connector-state.repository';
import { RunRecorder } from '@app/runs/run-recorder.service';

/**
 * Ready means "the database answers". A platform being down shows in the body but never makes the
 * bridge unready: that would take its webhooks down with the platform.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly config: BridgeConfigService,
    private readonly dataSource: DataSource,
    private readonly recorder: RunRecorder,
    private readonly states: ConnectorStateRepository,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<unknown> {
    if (!this.recorder.accepting) {
      // Shutting down: a load balancer stops sending webhooks here before the process ends.
      throw apiException('SHUTTING_DOWN', 'chat-bridge is shutting down');
    }
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw apiException('DATABASE_UNAVAILABLE', 'the database does not answer');
    }
    const states = new Map((await this.states.findAll()).map((s) => [s.connectorId, s]));
    return {
      status: 'ok',
      database: 'ok',
      config: 'ok',
      connectors: this.config.connectors.map((c) => ({
        id: c.id,
        health: c.enabled ? (states.get(c.id)?.health ?? 'healthy') : 'disabled',
        lastSuccessAt: states.get(c.id)?.lastSuccessAt?.toISOString() ?? null,
      })),
    };
  }
}
