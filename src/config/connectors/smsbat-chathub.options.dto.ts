import { IsPositiveInt } from '@app/config/decorators/config-rules.decorators';

export class SmsbatChathubOptionsDto {
  /** ChatHub organization whose operators chat-bridge manages. */
  @IsPositiveInt()
  organizationId!: number;
}
