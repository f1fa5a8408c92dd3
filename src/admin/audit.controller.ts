import { Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

import { AdminController, AdminRoute } from '@app/admin/admin-api.decorators';
import { DEFAULT_PAGE_LIMIT, EventsQueryDto, RunsQueryDto } from '@app/admin/admin.dto';
import {
  EventDetailDto,
  EventPageDto,
  EventViewDto,
  RunPageDto,
  RunViewDto,
  toEventDetail,
  toEventView,
  toRunSummary,
} from '@app/admin/admin.views';
import { decodeCursor, toPage } from '@app/admin/page-cursor';
import { RecordIdPipe } from '@app/admin/record-id.pipe';
import { apiException } from '@app/common/api-errors';
import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { RunRepository } from '@app/database/repositories/run.repository';
import { toRunView } from '@app/runs/run-view';

const RECORD_ID = { name: 'id', type: Number, description: 'an integer from 1 to 2147483647' };

/** The audit log and the webhook inbox, read-only but for replay. */
@Controller('api')
@AdminController('audit')
export class AuditController {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly runs: RunRepository,
  ) {}

  @Get('runs')
  @AdminRoute({
    summary: 'The audit log, newest first, a page at a time',
    ok: { type: RunPageDto, description: 'a page of runs, each with its changes unless changes=false' },
    errors: [400],
  })
  async listRuns(@Query() query: RunsQueryDto): Promise<RunPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const withChanges = query.changes ?? true;
    const runs = await this.runs.list({
      connectorId: query.connectorId,
      kind: query.kind,
      outcome: query.outcome,
      since: query.since === undefined ? undefined : new Date(query.since),
      until: query.until === undefined ? undefined : new Date(query.until),
      beforeId: query.cursor === undefined ? undefined : decodeCursor('runs', query.cursor),
      limit: limit + 1,
      withChanges,
    });
    return toPage(runs, limit, 'runs', (run) => run.id, withChanges ? toRunView : toRunSummary);
  }

  @Get('runs/:id')
  @ApiParam(RECORD_ID)
  @AdminRoute({
    summary: 'One run with its changes',
    ok: { type: RunViewDto, description: 'the run' },
    errors: [400, 404],
  })
  async getRun(@Param('id', RecordIdPipe) id: number): Promise<RunViewDto> {
    const run = await this.runs.findWithChanges(id);
    if (!run) {
      throw apiException('RUN_NOT_FOUND', `no run ${id}`);
    }
    return toRunView(run);
  }

  @Get('events')
  @AdminRoute({
    summary: 'The webhook inbox, newest first, a page at a time (payloads at GET /api/events/{id})',
    ok: { type: EventPageDto, description: 'a page of events' },
    errors: [400],
  })
  async listEvents(@Query() query: EventsQueryDto): Promise<EventPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const events = await this.inbox.list({
      state: query.state,
      connectorId: query.connectorId,
      beforeId: query.cursor === undefined ? undefined : decodeCursor('events', query.cursor),
      limit: limit + 1,
    });
    return toPage(events, limit, 'events', (event) => event.id, toEventView);
  }

  @Get('events/:id')
  @ApiParam(RECORD_ID)
  @AdminRoute({
    summary: 'One event with its payload, as stored (secrets cut out)',
    ok: { type: EventDetailDto, description: 'the event' },
    errors: [400, 404],
  })
  async getEvent(@Param('id', RecordIdPipe) id: number): Promise<EventDetailDto> {
    const event = await this.inbox.findById(id);
    if (!event) {
      throw apiException('EVENT_NOT_FOUND', `no event ${id}`);
    }
    return toEventDetail(event);
  }

  @Post('events/:id/replay')
  @ApiParam(RECORD_ID)
  @AdminRoute({
    summary: 'Put a failed or dead event back in the queue with a fresh attempt budget',
    description: 'A pending or done event is answered unchanged (check its state).',
    ok: { type: EventViewDto, description: 'the event after the replay' },
    errors: [400, 404],
    post: true,
  })
  async replay(@Param('id', RecordIdPipe) id: number): Promise<EventViewDto> {
    const event = await this.inbox.replay(id);
    if (!event) {
      throw apiException('EVENT_NOT_FOUND', `no event ${id}`);
    }
    return toEventView(event);
  }
}
