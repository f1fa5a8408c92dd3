import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';

import {
  AVAILABILITIES,
  type Availability,
  OPERATOR_ROLES,
  OPERATOR_STATUSES,
} from '@app/core/operator.types';
import type { OperatorRole, OperatorStatus } from '@app/core/operator.types';
import type { JsonValue } from '@app/core/json-value';
import { CHANGE_OUTCOMES, type ChangeOutcome } from '@app/database/entities/run-change.entity';
import {
  RUN_KINDS,
  RUN_OUTCOMES,
  RUN_TRIGGERS,
  type RunEntity,
  type RunKind,
  type RunOutcome,
  type RunTrigger,
} from '@app/database/entities/run.entity';
import {
  INBOX_STATES,
  type InboxEventEntity,
  type InboxState,
} from '@app/database/entities/inbox-event.entity';
import { CONNECTOR_HEALTHS, type ConnectorHealth } from '@app/database/entities/connector-state.entity';
import { CAPABILITIES, type Capability } from '@app/platforms/adapter-capabilities';
import type { ChangeAction, RunCounts } from '@app/runs/run.types';
import { toRunView } from '@app/runs/run-view';

/** Any JSON value: what a change held before and after depends on its action and field. */
// (OpenAPI 3.0 has no `null` type: null is the nullable object's.)
const ANY_JSON: ApiPropertyOptions = {
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object', additionalProperties: true, nullable: true },
    { type: 'array', items: {} },
  ],
};

// OpenAPI 3.0: a nullable enum lists null among its values, or null does not validate.
const nullableEnum = (values: readonly string[]): ApiPropertyOptions => ({
  type: String,
  enum: [...values, null],
  nullable: true,
});

// A nullable object: `nullable` beside a $ref is ignored by validators, so null is a variant of its own.
const nullableRef = (model: new () => object): ApiPropertyOptions => ({
  anyOf: [{ $ref: getSchemaPath(model) }, { type: 'object', nullable: true, enum: [null] }],
});

const CHANGE_ACTIONS: ChangeAction[] = ['create', 'update', 'delete', 'link', 'report'];

export class ChangeViewDto {
  @ApiProperty({ type: String, nullable: true, description: 'null for an account no operator owns' })
  operatorKey!: string | null;

  @ApiProperty({ enum: CHANGE_ACTIONS, description: '`report`: a finding, nothing was written' })
  action!: ChangeAction;

  @ApiProperty({ type: String, nullable: true, description: 'the field changed, or the kind of finding' })
  field!: string | null;

  @ApiProperty({ ...ANY_JSON, description: 'the value before (redacted)' })
  before!: JsonValue;

  @ApiProperty({ ...ANY_JSON, description: 'the value after (redacted)' })
  after!: JsonValue;

  @ApiProperty({ enum: CHANGE_OUTCOMES })
  outcome!: ChangeOutcome;

  @ApiProperty({ type: String, nullable: true, description: 'why it failed (redacted)' })
  error!: string | null;
}

export class RunCountsDto implements RunCounts {
  @ApiProperty({ type: Number }) planned!: number;
  @ApiProperty({ type: Number }) applied!: number;
  @ApiProperty({ type: Number }) failed!: number;
  @ApiProperty({ type: Number }) rejected!: number;
  @ApiProperty({ type: Number }) unknown!: number;
  @ApiProperty({ type: Number }) findings!: number;
}

export class RunViewDto {
  @ApiProperty({ type: Number }) id!: number;
  @ApiProperty({ type: String }) connectorId!: string;
  @ApiProperty({ enum: RUN_KINDS }) kind!: RunKind;
  @ApiProperty({ enum: RUN_TRIGGERS }) trigger!: RunTrigger;
  @ApiProperty({ type: Boolean }) dryRun!: boolean;
  @ApiProperty({ enum: RUN_OUTCOMES }) outcome!: RunOutcome;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: RunCountsDto }) counts!: RunCountsDto;
  @ApiProperty({ type: String, nullable: true, description: 'why it failed or was blocked (redacted)' })
  error!: string | null;

  @ApiPropertyOptional({
    type: [ChangeViewDto],
    description: 'in order; absent from GET /api/runs?changes=false',
  })
  changes?: ChangeViewDto[];
}

export class RunPageDto {
  @ApiProperty({ type: [RunViewDto] }) items!: RunViewDto[];
  @ApiPropertyOptional({ type: String, description: 'absent on the last page' }) nextCursor?: string;
}

export class RunListDto {
  @ApiProperty({ type: [RunViewDto] }) runs!: RunViewDto[];
}

/** A run without its changes (a page of runs can stand for millions of changes). */
export const toRunSummary = (run: RunEntity): RunViewDto => {
  const { changes: _changes, ...summary } = toRunView(run);
  return summary;
};

export class LinkViewDto {
  @ApiProperty({ type: String }) connectorId!: string;
  @ApiProperty({ type: String }) remoteId!: string;
  @ApiProperty({ type: String, description: 'the name on the platform' }) name!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ ...nullableEnum(OPERATOR_STATUSES), description: 'the status on the platform' })
  status!: OperatorStatus | null;
  @ApiProperty({ ...nullableEnum(AVAILABILITIES), description: 'the availability on the platform' })
  availability!: Availability | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'when a run last saw the account' })
  seenAt!: string;
}

export class OperatorFindingDto {
  @ApiProperty({ type: String }) connectorId!: string;
  @ApiProperty({ type: String, description: 'e.g. `ambiguous`: several accounts match, none is linked' })
  kind!: string;
  @ApiProperty({ type: String }) message!: string;
}

export class OperatorViewDto {
  @ApiProperty({ type: String }) key!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ enum: OPERATOR_ROLES }) role!: OperatorRole;
  @ApiProperty({ enum: OPERATOR_STATUSES, description: 'the roster status' }) status!: OperatorStatus;
  @ApiProperty({ ...nullableEnum(AVAILABILITIES), description: 'the latest observed availability' })
  availability!: Availability | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when it was observed' })
  availabilityAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'where it was observed' })
  availabilityConnectorId!: string | null;
  @ApiProperty({ type: [LinkViewDto], description: 'one per connector the operator is linked on' })
  links!: LinkViewDto[];
  @ApiProperty({
    type: [OperatorFindingDto],
    description: "what each connector's latest reconcile run reported about this operator",
  })
  findings!: OperatorFindingDto[];
}

export class OperatorPageDto {
  @ApiProperty({ type: [OperatorViewDto] }) items!: OperatorViewDto[];
  @ApiPropertyOptional({ type: String, description: 'absent on the last page' }) nextCursor?: string;
}

export class EventViewDto {
  @ApiProperty({ type: Number }) id!: number;
  @ApiProperty({ type: String }) connectorId!: string;
  @ApiProperty({ type: String, description: 'unique per connector (redacted)' }) dedupeKey!: string;
  @ApiProperty({ type: String }) kind!: string;
  @ApiProperty({ enum: INBOX_STATES }) state!: InboxState;
  @ApiProperty({ type: Number }) attempts!: number;
  @ApiProperty({ type: String, format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) processedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'why the last attempt failed (redacted)' })
  lastError!: string | null;
}

export class EventDetailDto extends EventViewDto {
  @ApiProperty({ ...ANY_JSON, description: 'the canonical event as stored (secrets cut out)' })
  payload!: JsonValue;
}

export class EventPageDto {
  @ApiProperty({ type: [EventViewDto] }) items!: EventViewDto[];
  @ApiPropertyOptional({ type: String, description: 'absent on the last page' }) nextCursor?: string;
}

export const toEventView = (event: InboxEventEntity): EventViewDto => ({
  id: event.id,
  connectorId: event.connectorId,
  dedupeKey: event.dedupeKey,
  kind: event.kind,
  state: event.state,
  attempts: event.attempts,
  receivedAt: event.receivedAt.toISOString(),
  nextAttemptAt: event.nextAttemptAt?.toISOString() ?? null,
  processedAt: event.processedAt?.toISOString() ?? null,
  lastError: event.lastError,
});

// The payload is stored as JSON text, already redacted; text that is not JSON is shown as text.
export const toEventDetail = (event: InboxEventEntity): EventDetailDto => {
  let payload: JsonValue;
  try {
    payload = JSON.parse(event.payload) as JsonValue;
  } catch {
    payload = event.payload;
  }
  return { ...toEventView(event), payload };
};

export const CREDENTIAL_STATES = ['accepted', 'rejected', 'unknown'] as const;
export type CredentialState = (typeof CREDENTIAL_STATES)[number];
export const CONNECTOR_VIEW_HEALTHS = CONNECTOR_HEALTHS;

export class ConnectorViewDto {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) type!: string;
  @ApiProperty({ type: Boolean }) enabled!: boolean;
  @ApiProperty({ enum: CONNECTOR_VIEW_HEALTHS }) health!: ConnectorHealth;
  @ApiProperty({
    enum: CREDENTIAL_STATES,
    description: '`rejected` after an authentication failure, `accepted` once a run succeeded',
  })
  credentials!: CredentialState;
  @ApiProperty({ type: String, nullable: true, description: 'redacted' }) lastError!: string | null;
  @ApiProperty({ type: Number, description: 'failed runs in a row' }) consecutiveFailures!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'no scheduled run before' })
  backoffUntil!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSuccessAt!: string | null;
  @ApiProperty({ ...nullableRef(RunViewDto), description: 'the latest run of any kind, without changes' })
  lastRun!: RunViewDto | null;
  @ApiProperty({
    ...nullableRef(RunViewDto),
    description: 'the latest reconcile run when the deletion safeguard blocked it, without changes',
  })
  blockedRun!: RunViewDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextRunAt!: string | null;
  @ApiProperty({ enum: CAPABILITIES, isArray: true }) capabilities!: Capability[];
}

export class ConnectorListDto {
  @ApiProperty({ type: [ConnectorViewDto] }) items!: ConnectorViewDto[];
}

export class ErrorBodyDto {
  @ApiProperty({ type: String, example: 'VALIDATION_FAILED' }) code!: string;
  @ApiProperty({ type: String }) message!: string;
  @ApiPropertyOptional({ ...ANY_JSON, description: 'e.g. the failed validations, or the holder of a lock' })
  details?: JsonValue;
}

export class ErrorDto {
  @ApiProperty({ type: ErrorBodyDto }) error!: ErrorBodyDto;
}
