import type { ChatwootConnectorConfig } from '@app/core/config.types';
import { ChatwootEvolutionOptionsDto } from '@app/config/connectors/chatwoot-evolution.options.dto';
import { IsIdList, IsOneOf, IsPositiveInt, Optional } from '@app/config/decorators/config-rules.decorators';
import { Nested } from '@app/config/decorators/nested.decorator';

type ReopenedStatus = ChatwootConnectorConfig['options']['reopenedStatus'];
export const REOPENED_STATUSES = ['open', 'keep'] as const satisfies readonly ReopenedStatus[];

export class ChatwootOptionsDto {
  /** Chatwoot account id. */
  @IsPositiveInt()
  accountId!: number;

  /** Inboxes whose reopened conversations must come back `open`. */
  @IsIdList()
  inboxes: number[] = [];

  /** `open`: reopened conversations are set to open; `keep`: left as Chatwoot sets them. */
  @IsOneOf(REOPENED_STATUSES)
  reopenedStatus: ReopenedStatus = 'open';

  /** The Evolution API feeding this account, if any (checked by `doctor`). */
  @Optional()
  @Nested(() => ChatwootEvolutionOptionsDto)
  evolution?: ChatwootEvolutionOptionsDto;
}
