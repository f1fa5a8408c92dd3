import type { RosterEntry } from '@app/core/config.types';
import {
  BlankAsUnset,
  IsEmailAddress,
  IsOneOf,
  IsSlug,
  IsText,
  Optional,
} from '@app/config/decorators/config-rules.decorators';
import {
  OPERATOR_ROLES,
  OPERATOR_STATUSES,
  type OperatorRole,
  type OperatorStatus,
} from '@app/core/operator.types';

export class RosterEntryDto implements RosterEntry {
  /** Stable identity of the operator (slug); unique in the roster. */
  @IsSlug()
  key!: string;

  /** Display name pushed to every platform. */
  @IsText()
  name!: string;

  /** Used to match existing remote accounts; unique in the roster, ignoring case. */
  @BlankAsUnset()
  @Optional()
  @IsEmailAddress()
  email?: string;

  /** `agent` takes chats; `integration` (API users, bots) is kept unassignable everywhere. */
  @IsOneOf(OPERATOR_ROLES)
  role: OperatorRole = 'agent';

  /** `active`, `inactive` or `deleted`; flows to every connector. */
  @IsOneOf(OPERATOR_STATUSES)
  status: OperatorStatus = 'active';
}
