import { Type } from 'class-transformer';
import { RUN_KINDS, RUN_OUTCOMES, type RunKind, type RunOutcome } from '@app/database/entities/run.entity';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class ReconcileBodyDto {
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  @IsOptional()
  @IsBoolean()
  allowDeletes?: boolean;
}

export class ListQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  /** A connector id is a slug (see the configuration); anything else names no connector. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  @Matches(/^[a-z0-9][a-z0-9._-]*$/, { message: 'connectorId must be a connector id (a slug)' })
  connectorId?: string;
}

export class RunsQueryDto extends ListQueryDto {
  @IsOptional()
  @IsIn(RUN_KINDS)
  kind?: RunKind;

  @IsOptional()
  @IsIn(RUN_OUTCOMES)
  outcome?: RunOutcome;
}

export class EventsQueryDto extends ListQueryDto {
  @IsOptional()
  @IsIn(['pending', 'done', 'failed', 'dead'])
  state?: 'pending' | 'done' | 'failed' | 'dead';
}
