import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';

import {
  AVAILABILITIES,
  type Availability,
  OPERATOR_STATUSES,
  type OperatorStatus,
} from '@app/core/operator.types';
import { isPlainText } from '@app/admin/plain-text';
import { INBOX_STATES, type InboxState } from '@app/database/entities/inbox-event.entity';
import { RUN_KINDS, RUN_OUTCOMES, type RunKind, type RunOutcome } from '@app/database/entities/run.entity';

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;

const SLUG = /^[a-z0-9][a-z0-9._-]*$/;
// 9999-12-31T23:59:59.999Z: beyond it the stored ISO form (24 characters) no longer sorts.
const LATEST_TIME_MS = 253_402_300_799_999;

/** Text that reaches a query: no control characters (PostgreSQL refuses NUL in a parameter: a 500). */
const IsPlainText = (): PropertyDecorator =>
  ValidateBy({
    name: 'isPlainText',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isPlainText(value),
      defaultMessage: (args) => `${args?.property ?? 'text'} must not contain control characters`,
    },
  });

/** An ISO-8601 time between 1970 and 9999; anything else is the caller's mistake (400). */
const IsIsoTime = (): PropertyDecorator =>
  ValidateBy({
    name: 'isIsoTime',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value)) {
          return false;
        }
        const ms = Date.parse(value);
        return Number.isFinite(ms) && ms >= 0 && ms <= LATEST_TIME_MS;
      },
      defaultMessage: (args) =>
        `${args?.property ?? 'time'} must be an ISO-8601 time such as 2026-01-31T12:00:00Z`,
    },
  });

// Query strings are text: `changes=false` must mean false, not the truthy string "false".
const QueryBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

export class ReconcileBodyDto {
  @ApiPropertyOptional({ description: 'plan only: nothing is written to the platform', type: Boolean })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    description: 'this run may go past directory.deletionThreshold (allow deletes once); recorded in the run',
    type: Boolean,
  })
  @IsOptional()
  @IsBoolean()
  allowDeletes?: boolean;
}

export class OperatorSyncBodyDto {
  @ApiPropertyOptional({
    description: 'only this connector (default: every enabled connector)',
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  @Matches(SLUG, { message: 'connectorId must be a connector id (a slug)' })
  connectorId?: string;

  @ApiPropertyOptional({ description: 'plan only: what a sync of this operator would do', type: Boolean })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

/** `limit` and `cursor`, common to every paged list. */
export class PageQueryDto {
  @ApiPropertyOptional({
    description: `page size (default ${DEFAULT_PAGE_LIMIT})`,
    type: Number,
    minimum: 1,
    maximum: MAX_PAGE_LIMIT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    description: 'the nextCursor of the previous page (opaque); absent for the first page',
    type: String,
    maxLength: 400,
  })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;
}

export class ConnectorFilterQueryDto extends PageQueryDto {
  /** A connector id is a slug (see the configuration); anything else names no connector. */
  @ApiPropertyOptional({ description: 'only this connector', type: String, maxLength: 128 })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  @Matches(SLUG, { message: 'connectorId must be a connector id (a slug)' })
  connectorId?: string;
}

export class RunsQueryDto extends ConnectorFilterQueryDto {
  @ApiPropertyOptional({ enum: RUN_KINDS })
  @IsOptional()
  @IsIn(RUN_KINDS)
  kind?: RunKind;

  @ApiPropertyOptional({ enum: RUN_OUTCOMES })
  @IsOptional()
  @IsIn(RUN_OUTCOMES)
  outcome?: RunOutcome;

  @ApiPropertyOptional({
    description: 'runs started at or after this ISO-8601 time',
    type: String,
    format: 'date-time',
  })
  @IsOptional()
  @IsIsoTime()
  since?: string;

  @ApiPropertyOptional({
    description: 'runs started before this ISO-8601 time',
    type: String,
    format: 'date-time',
  })
  @IsOptional()
  @IsIsoTime()
  until?: string;

  @ApiPropertyOptional({
    description: 'false: runs without their changes (each run has them at GET /api/runs/{id}); default true',
    type: Boolean,
  })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  changes?: boolean;
}

export class EventsQueryDto extends ConnectorFilterQueryDto {
  @ApiPropertyOptional({ enum: INBOX_STATES })
  @IsOptional()
  @IsIn(INBOX_STATES)
  state?: InboxState;
}

export class OperatorsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'search: part of the key, name or e-mail, ignoring case',
    type: String,
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsPlainText()
  q?: string;

  @ApiPropertyOptional({ enum: OPERATOR_STATUSES, description: 'only operators with this roster status' })
  @IsOptional()
  @IsIn(OPERATOR_STATUSES)
  status?: OperatorStatus;

  @ApiPropertyOptional({ enum: AVAILABILITIES, description: 'only operators with this availability' })
  @IsOptional()
  @IsIn(AVAILABILITIES)
  availability?: Availability;

  @ApiPropertyOptional({
    description: 'only operators with no link on this connector',
    type: String,
    maxLength: 128,
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  @Matches(SLUG, { message: 'missing must be a connector id (a slug)' })
  missing?: string;
}
