import { Body, Controller, Get, Logger, Param, Post } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

import { AdminController, AdminRoute } from '@app/admin/admin-api.decorators';
import { ReconcileBodyDto } from '@app/admin/admin.dto';
import {
  ConnectorListDto,
  type ConnectorViewDto,
  type CredentialState,
  RunListDto,
  RunViewDto,
  toRunSummary,
} from '@app/admin/admin.views';
import { BridgeConfigService } from '@app/config/bridge-config.service';
import type { ConnectorConfig } from '@app/core/config.types';
import type { ConnectorStateEntity } from '@app/database/entities/connector-state.entity';
import { ConnectorStateRepository } from '@app/database/repositories/connector-state.repository';
import { RunRepository } from '@app/database/repositories/run.repository';
import { capabilitiesOf } from '@app/platforms/adapter-capabilities';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import { ReconcileScheduler } from '@app/reconcile/reconcile.scheduler';
import { ReconcileService } from '@app/reconcile/reconcile.service';
import type { RunView } from '@app/reconcile/reconcile.types';

const credentialsOf = (state: ConnectorStateEntity | null): CredentialState => {
  if (state?.health === 'bad_credentials') {
    return 'rejected';
  }
  return state?.lastSuccessAt ? 'accepted' : 'unknown';
};

@Controller('api')
@AdminController('connectors')
export class ConnectorsController {
  private readonly logger = new Logger(ConnectorsController.name);

  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly config: BridgeConfigService,
    private readonly reconcileService: ReconcileService,
    private readonly runs: RunRepository,
    private readonly scheduler: ReconcileScheduler,
    private readonly states: ConnectorStateRepository,
  ) {}

  @Get('connectors')
  @AdminRoute({
    summary: 'Every connector: health, credentials, back-off, last and next run, a blocked run',
    ok: { type: ConnectorListDto, description: 'the connectors, in configuration order' },
    errors: [],
  })
  async list(): Promise<ConnectorListDto> {
    return { items: await Promise.all(this.config.connectors.map((connector) => this.view(connector))) };
  }

  @Post('connectors/:id/reconcile')
  @ApiParam({ name: 'id', type: String, description: 'the connector id' })
  @AdminRoute({
    summary: 'Reconcile one connector now',
    description:
      '`allowDeletes: true` lifts the deletion safeguard for this run only ("allow deletes once"); the run records it.',
    ok: { type: RunViewDto, description: 'the run with its changes' },
    errors: [400, 404, 409, 413, 503],
    post: true,
  })
  reconcile(@Param('id') id: string, @Body() body: ReconcileBodyDto): Promise<RunView> {
    if (body.allowDeletes) {
      // The run carries it too; the log says it where an operator watching the daemon looks.
      this.logger.warn(`${id}: the admin API allowed deletes for one run`);
    }
    return this.reconcileService.reconcile({ connectorId: id, trigger: 'manual', ...body });
  }

  @Post('reconcile')
  @AdminRoute({
    summary: 'Reconcile every enabled connector now, one after the other',
    ok: { type: RunListDto, description: 'one run per connector' },
    errors: [400, 409, 413, 503],
    post: true,
  })
  async reconcileAll(@Body() body: ReconcileBodyDto): Promise<RunListDto> {
    const runs: RunView[] = [];
    for (const connector of this.config.enabledConnectors) {
      runs.push(
        await this.reconcileService.reconcile({ connectorId: connector.id, trigger: 'manual', ...body }),
      );
    }
    return { runs };
  }

  private async view(connector: ConnectorConfig): Promise<ConnectorViewDto> {
    const adapter = this.adapters.get(connector.id);
    const [state, [lastRun], [lastReconcile]] = await Promise.all([
      this.states.find(connector.id),
      this.runs.list({ connectorId: connector.id, limit: 1 }),
      // A run for one operator says nothing of whether the connector's own runs are blocked.
      this.runs.list({ connectorId: connector.id, kind: 'reconcile', excludeScoped: true, limit: 1 }),
    ]);
    return {
      id: connector.id,
      type: connector.type,
      enabled: connector.enabled,
      health: connector.enabled ? (state?.health ?? 'healthy') : 'disabled',
      credentials: credentialsOf(state),
      lastError: state?.lastError ?? null,
      consecutiveFailures: state?.consecutiveFailures ?? 0,
      backoffUntil: state?.backoffUntil?.toISOString() ?? null,
      lastSuccessAt: state?.lastSuccessAt?.toISOString() ?? null,
      lastRun: lastRun ? toRunSummary(lastRun) : null,
      blockedRun: lastReconcile?.outcome === 'blocked' ? toRunSummary(lastReconcile) : null,
      nextRunAt:
        this.scheduler.nextRun(connector.id)?.toISOString() ?? state?.nextRunAt?.toISOString() ?? null,
      capabilities: adapter ? capabilitiesOf(adapter) : [],
    };
  }
}
