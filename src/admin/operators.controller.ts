import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

import { AdminController, AdminRoute } from '@app/admin/admin-api.decorators';
import { DEFAULT_PAGE_LIMIT, OperatorsQueryDto, OperatorSyncBodyDto } from '@app/admin/admin.dto';
import { OperatorPageDto, RunListDto, type OperatorViewDto } from '@app/admin/admin.views';
import { OperatorKeyPipe } from '@app/admin/operator-key.pipe';
import { decodeCursor, toPage } from '@app/admin/page-cursor';
import { apiException } from '@app/common/api-errors';
import { BridgeConfigService } from '@app/config/bridge-config.service';
import type { OperatorPageEntry } from '@app/database/repositories/operator-page.repository';
import { OperatorPageRepository } from '@app/database/repositories/operator-page.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import { DirectoryService } from '@app/directory/directory.service';
import { ReconcileService } from '@app/reconcile/reconcile.service';
import type { RunView } from '@app/reconcile/reconcile.types';

const toOperatorView = (entry: OperatorPageEntry): OperatorViewDto => ({
  key: entry.key,
  name: entry.name,
  email: entry.email,
  role: entry.role,
  status: entry.status,
  availability: entry.availability,
  availabilityAt: entry.availabilityAt?.toISOString() ?? null,
  availabilityConnectorId: entry.availabilityConnectorId,
  links: entry.links.map((link) => ({
    connectorId: link.connectorId,
    remoteId: link.remoteId,
    name: link.remoteName,
    email: link.remoteEmail,
    status: link.remoteStatus,
    availability: link.remoteAvailability,
    seenAt: link.seenAt.toISOString(),
  })),
  findings: entry.findings,
});

/** The directory as the platforms see it, and provision on demand for one operator. */
@Controller('api')
@AdminController('operators')
export class OperatorsController {
  constructor(
    private readonly config: BridgeConfigService,
    private readonly directory: DirectoryService,
    private readonly operators: OperatorRepository,
    private readonly pages: OperatorPageRepository,
    private readonly reconcile: ReconcileService,
  ) {}

  @Get('operators')
  @AdminRoute({
    summary: 'Operators by key, a page at a time, each with its links and what the latest runs found',
    ok: { type: OperatorPageDto, description: 'a page of operators' },
    errors: [400],
  })
  async list(@Query() query: OperatorsQueryDto): Promise<OperatorPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const entries = await this.pages.page({
      afterKey: query.cursor === undefined ? undefined : decodeCursor('operators', query.cursor),
      limit: limit + 1,
      search: query.q,
      status: query.status,
      availability: query.availability,
      missingOn: query.missing,
      connectorIds: this.config.connectors.map((c) => c.id),
    });
    return toPage(entries, limit, 'operators', (entry) => entry.key, toOperatorView);
  }

  @Post('operators/:key/sync')
  @ApiParam({ name: 'key', type: String, description: 'the operator key' })
  @AdminRoute({
    summary: 'Provision on demand: reconcile one operator now, on one or every connector',
    description:
      'Each run is restricted to this operator (it records a `scope` report); with `dryRun` it only says how the ' +
      'operator matches (a `link` change names e-mail, name or key) and what a sync would write.',
    ok: { type: RunListDto, description: 'one run per connector, the source connector left out' },
    errors: [400, 404, 409, 413, 503],
    post: true,
  })
  async sync(
    @Param('key', OperatorKeyPipe) key: string,
    @Body() body: OperatorSyncBodyDto,
  ): Promise<RunListDto> {
    if (!(await this.operators.findByKey(key))) {
      throw apiException('OPERATOR_NOT_FOUND', `no operator "${key}"`);
    }
    const connectorIds = body.connectorId
      ? [body.connectorId]
      : this.config.enabledConnectors.map((c) => c.id).filter((id) => !this.directory.isSource(id));
    const runs: RunView[] = [];
    for (const connectorId of connectorIds) {
      runs.push(
        await this.reconcile.reconcile({
          connectorId,
          trigger: 'manual',
          dryRun: body.dryRun ?? false,
          operatorKey: key,
          holder: 'provision on demand (admin API)',
        }),
      );
    }
    return { runs };
  }
}
