import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

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

  @IsOptional()
  @IsString()
  @MaxLength(128)
  connectorId?: string;
}

export class EventsQueryDto extends ListQueryDto {
  @IsOptional()
  @IsIn(['pending', 'done', 'failed', 'dead'])
  state?: 'pending' | 'done' | 'failed' | 'dead';
}
