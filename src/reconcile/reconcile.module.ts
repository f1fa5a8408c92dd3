import { Module } from '@nestjs/common';

import { AssignmentModule } from '@app/assignment/assignment.module';
import { ConversationsModule } from '@app/conversations/conversations.module';
import { DirectoryModule } from '@app/directory/directory.module';
import { PlatformsModule } from '@app/platforms/platforms.module';
import { PlatformUpkeep } from '@app/reconcile/platform-upkeep.service';
import { ReconcileService } from '@app/reconcile/reconcile.service';
import { RunsModule } from '@app/runs/runs.module';

const ENGINE = [AssignmentModule, ConversationsModule, DirectoryModule, PlatformsModule, RunsModule];

/**
 * The engine without a clock or HTTP: used by the daemon and by one-shot CLI commands alike. It
 * re-exports the modules it is made of, so its users see one import.
 */
@Module({
  imports: ENGINE,
  providers: [PlatformUpkeep, ReconcileService],
  exports: [PlatformUpkeep, ReconcileService, ...ENGINE],
})
export class ReconcileModule {}
