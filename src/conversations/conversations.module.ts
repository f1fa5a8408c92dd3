import { Module } from '@nestjs/common';

import { ConversationNormalizer } from '@app/conversations/conversation-normalizer.service';
import { PlatformsModule } from '@app/platforms/platforms.module';
import { RunsModule } from '@app/runs/runs.module';

/** Conversation states and the reopen repair (Chatwoot). */
@Module({
  imports: [PlatformsModule, RunsModule],
  providers: [ConversationNormalizer],
  exports: [ConversationNormalizer],
})
export class ConversationsModule {}
