import { Module } from '@nestjs/common';

import { AssignmentStateService } from '@app/assignment/assignment-state.service';
import { AssignmentService } from '@app/assignment/assignment.service';
import { ConversationNormalizer } from '@app/conversations/conversation-normalizer.service';
import { AvailabilityService } from '@app/directory/availability.service';
import { DirectorySnapshot } from '@app/directory/directory-snapshot.service';
import { DirectoryService } from '@app/directory/directory.service';
import { EchoRegistry } from '@app/directory/echo-registry';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import { PlatformUpkeep } from '@app/reconcile/platform-upkeep.service';
import { ReconcileService } from '@app/reconcile/reconcile.service';
import { RunsModule } from '@app/runs/runs.module';

const SERVICES = [
  AdapterRegistry,
  AssignmentService,
  AssignmentStateService,
  AvailabilityService,
  ConversationNormalizer,
  DirectorySnapshot,
  DirectoryService,
  EchoRegistry,
  PlatformUpkeep,
  ReconcileService,
];

/** The engine without a clock or HTTP: used by the daemon and by one-shot CLI commands alike. */
@Module({
  imports: [RunsModule],
  providers: SERVICES,
  exports: [...SERVICES, RunsModule],
})
export class ReconcileModule {}
