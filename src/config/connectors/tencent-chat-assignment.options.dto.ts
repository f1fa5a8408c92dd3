import type { TencentAssignmentOptions } from '@app/core/config.types';
import {
  IsIntBetween,
  IsOneOf,
  IsPositiveInt,
  Optional,
} from '@app/config/decorators/config-rules.decorators';

export const ASSIGNMENT_STRATEGIES = [
  'least-busy',
  'round-robin',
  'sticky',
] as const satisfies readonly TencentAssignmentOptions['strategy'][];

/** How the answer to Desk's assign-agent callback is chosen. */
export class TencentChatAssignmentOptionsDto implements TencentAssignmentOptions {
  /** `least-busy`, `round-robin`, or `sticky` (the customer's previous agent first). */
  @IsOneOf(ASSIGNMENT_STRATEGIES)
  strategy: TencentAssignmentOptions['strategy'] = 'least-busy';

  /** Most agents returned in one answer. */
  @IsIntBetween(1, 50)
  maxAgents = 3;

  /** Desk group that takes the session when no agent is available. */
  @Optional()
  @IsPositiveInt()
  fallbackGroupId?: number;

  /** Desk group the managed agents are put in. */
  @Optional()
  @IsPositiveInt()
  agentGroupId?: number;
}
