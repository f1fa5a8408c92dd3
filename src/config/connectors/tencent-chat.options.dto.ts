import { TencentChatAssignmentOptionsDto } from '@app/config/connectors/tencent-chat-assignment.options.dto';
import { IsBool, IsString } from '@app/config/decorators/config-rules.decorators';
import { Nested } from '@app/config/decorators/nested.decorator';

export class TencentChatOptionsDto {
  /** IM UserID = this prefix + the operator key. */
  @IsString()
  userIdPrefix = '';

  /** true: the application uses Tencent Desk (member status, assign-agent callback). */
  @IsBool()
  desk = false;

  /** Answers to Desk's assign-agent callback. */
  @Nested(() => TencentChatAssignmentOptionsDto)
  assignment = new TencentChatAssignmentOptionsDto();
}
