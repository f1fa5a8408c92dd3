import { IsIdList } from '@app/config/decorators/config-rules.decorators';

export class LivehelperchatOptionsDto {
  /** Department ids given to the operators chat-bridge creates. */
  @IsIdList()
  departments: number[] = [];

  /** LHC user group ids given to the operators chat-bridge creates (LHC requires at least one). */
  @IsIdList()
  userGroups: number[] = [];
}
