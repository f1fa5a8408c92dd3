import { Controller, Get, HttpCode, NotFoundException, Param, Post, Query, UseGuards } from '@nestjs/common';

import { AdminAuthGuard } from '@app/admin/admin-auth.guard';
import { EventsQueryDto, RunsQueryDto } from '@app/admin/admin.dto';
import { toEventView, toOperatorView } from '@app/admin/admin.views';
import { RecordIdPipe } from '@app/admin/record-id.pipe';
import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import { RunRepository } from '@app/database/repositories/run.repository';
import type { RunView } from '@app/reconcile/reconcile.types';
import { toRunView } from '@app/runs/run-view';

const DEFAULT_LIMIT = 100;

/** The audit log, the directory and the webhook inbox, read-only but for replay. */
@Controller('api')
@UseGuards(AdminAuthGuard)
export class AuditController {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly links: OperatorLinkRepository,
    private readonly operators: OperatorRepository,
    private readonly runs: RunRepository,
  ) {}

  @Get('runs')
  async listRuns(@Query() query: RunsQueryDto): Promise<{ items: RunView[] }> {
    const runs = await this.runs.list({
      connectorId: query.connectorId,
      kind: query.kind,
      outcome: query.outcome,
      limit: query.limit ?? DEFAULT_LIMIT,
      withChanges: true,
    });
    return { items: runs.map(toRunView) };
  }

  @Get('runs/:id')
  async getRun(@Param('id', RecordIdPipe) id: number): Promise<RunView> {
    const run = await this.runs.findWithChanges(id);
    if (!run) {
      throw new NotFoundException({ code: 'RUN_NOT_FOUND', message: `no run ${id}` });
    }
    return toRunView(run);
  }

  @Get('operators')
  async listOperators(): Promise<{ items: unknown[] }> {
    const operators = await this.operators.findAll();
    const items = await Promise.all(
      operators.map(async (o) => toOperatorView(o, await this.links.findByOperator(o.key))),
    );
    return { items };
  }

  @Get('events')
  async listEvents(@Query() query: EventsQueryDto): Promise<{ items: unknown[] }> {
    const events = await this.inbox.list({
      state: query.state,
      connectorId: query.connectorId,
      limit: query.limit ?? DEFAULT_LIMIT,
    });
    return { items: events.map(toEventView) };
  }

  @Post('events/:id/replay')
  @HttpCode(200)
  async replay(@Param('id', RecordIdPipe) id: number): Promise<unknown> {
    const event = await this.inbox.replay(id);
    if (!event) {
      throw new NotFoundException({ code: 'EVENT_NOT_FOUND', message: `no event ${id}` });
    }
    return toEventView(event);
  }
}
