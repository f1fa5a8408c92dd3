import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';

import { AdminAuthGuard } from '@app/admin/admin-auth.guard';
import { ReconcileBodyDto } from '@app/admin/admin.dto';
import { BridgeConfigService } from '@app/config/bridge-config.service';
import { ConnectorStateRepository } from '@app/database/repositories/connector-state.repository';
import { RunRepository } from '@app/database/repositories/run.repository';
import { capabilitiesOf } from '@app/platforms/adapter-capabilities';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import { ReconcileScheduler } from '@app/reconcile/reconcile.scheduler';
import { ReconcileService } from '@app/reconcile/reconcile.service';
import type { RunView } from '@app/reconcile/reconcile.types';
import { toRunView } from '@app/runs/run-view';

@Controller('api')
@UseGuards(AdminAuthGuard)
export class ConnectorsController {
  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly config: BridgeConfigService,
    private readonly reconcileService: ReconcileService,
    private readonly runs: RunRepository,
    private readonly scheduler: ReconcileScheduler,
    private readonly states: ConnectorStateRepository,
  ) {}

  @Get('connectors')
  async list(): Promise<{ items: unknown[] }> {
    const items = await Promise.all(
      this.config.connectors.map(async (connector) => {
        const adapter = this.adapters.get(connector.id);
        const [state, lastRun] = await Promise.all([
          this.states.find(connector.id),
          this.runs.list({ connectorId: connector.id, limit: 1 }),
        ]);
        return {
          id: connector.id,
          type: connector.type,
          enabled: connector.enabled,
          health: connector.enabled ? (state?.health ?? 'healthy') : 'disabled',
          lastError: state?.lastError ?? null,
          lastRun: lastRun[0] ? toRunView(lastRun[0]) : null,
          nextRunAt:
            this.scheduler.nextRun(connector.id)?.toISOString() ?? state?.nextRunAt?.toISOString() ?? null,
          capabilities: adapter ? capabilitiesOf(adapter) : [],
        };
      }),
    );
    return { items };
  }

  @Post('connectors/:id/reconcile')
  @HttpCode(200)
  reconcile(@Param('id') id: string, @Body() body: ReconcileBodyDto): Promise<RunView> {
    return this.reconcileService.reconcile({ connectorId: id, trigger: 'manual', ...body });
  }

  @Post('reconcile')
  @HttpCode(200)
  async reconcileAll(@Body() body: ReconcileBodyDto): Promise<{ runs: RunView[] }> {
    const runs: RunView[] = [];
    for (const connector of this.config.enabledConnectors) {
      runs.push(
        await this.reconcileService.reconcile({ connectorId: connector.id, trigger: 'manual', ...body }),
      );
    }
    return { runs };
  }
}
