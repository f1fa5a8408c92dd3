import { IsIdList } from '@app/config/decorators/config-rules.decorators';
import { ParsedWith } from '@app/config/decorators/parsed-with.decorator';
import { type ParseResult, rejected } from '@app/config/parsers/parse-result';
import { parseSchedule } from '@app/config/parsers/schedule.parser';

/** A duration as `schedule` takes one (5s–24d), never a cron expression. */
const parseReassertEvery = (raw: unknown): ParseResult<{ ms: number; text: string }> => {
  const result = parseSchedule(raw);
  if (!result.ok) {
    return result;
  }
  return result.value.kind === 'interval'
    ? { ok: true, value: { ms: result.value.ms, text: result.value.text } }
    : rejected('must be a duration such as 12h or 1d (5s–24d)');
};

export class LivehelperchatOptionsDto {
  /** Department ids given to the operators chat-bridge creates. */
  @IsIdList()
  departments: number[] = [];

  /**
   * LHC user group ids given to the operators chat-bridge creates. LHC creates a user without a
   * group (no permissions) when the list is empty, so a connector that creates operators needs
   * one (checked with `directory.source`, see check-lhc-user-groups).
   */
  @IsIdList()
  userGroups: number[] = [];

  /**
   * How often the integration accounts' exclusion is re-sent with their departments although it
   * reads as set: LHC's REST API cannot show the per-department rows auto-assignment reads.
   */
  @ParsedWith(parseReassertEvery)
  reassertIntegrationEvery: { ms: number; text: string } = { ms: 86_400_000, text: '24h' };
}
