import type { DeletionThreshold, DirectoryConfig } from '@app/core/config.types';
import { IsOneOf, IsText } from '@app/config/decorators/config-rules.decorators';
import { NestedList } from '@app/config/decorators/nested.decorator';
import { ParsedWith } from '@app/config/decorators/parsed-with.decorator';
import { IgnoredAccountDto } from '@app/config/dto/ignored-account.dto';
import { RosterEntryDto } from '@app/config/dto/roster-entry.dto';
import { parseDeletionThreshold } from '@app/config/parsers/deletion-threshold.parser';

/** The value of `directory.source` that makes the YAML roster the truth. */
export const ROSTER_SOURCE = 'roster';
export const UNMANAGED_POLICIES = [
  'report',
  'deactivate',
] as const satisfies readonly DirectoryConfig['unmanaged'][];

export class DirectoryConfigDto implements DirectoryConfig {
  /** `roster`, or the id of the connector whose operator list is the truth (checked against `connectors`). */
  @IsText()
  source = ROSTER_SOURCE;

  /** Remote operators linked to nobody: `report` them, or `deactivate` them. */
  @IsOneOf(UNMANAGED_POLICIES)
  unmanaged: DirectoryConfig['unmanaged'] = 'report';

  /** A run that would deactivate or delete more than this is blocked: `N%` of linked operators, or a count. */
  @ParsedWith(parseDeletionThreshold)
  deletionThreshold: DeletionThreshold = { kind: 'percent', value: 20 };

  /** The desired operators when `source` is `roster`. */
  @NestedList(() => RosterEntryDto)
  roster: RosterEntryDto[] = [];

  /** Remote accounts never reported as unmanaged nor touched: `{ connector, username }` or `{ connector, email }`. */
  @NestedList(() => IgnoredAccountDto)
  ignore: IgnoredAccountDto[] = [];
}
