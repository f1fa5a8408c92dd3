import { Module } from '@nestjs/common';

import { AssignmentStateService } from '@app/assignment/assignment-state.service';
import { AssignmentService } from '@app/assignment/assignment.service';
import { DirectoryModule } from '@app/directory/directory.module';
import { PlatformsModule } from '@app/platforms/platforms.module';

const SERVICES = [AssignmentService, AssignmentStateService];

/** The assign-agent answer, from memory, with the load shared across replicas. */
@Module({ imports: [DirectoryModule, PlatformsModule], providers: SERVICES, exports: SERVICES })
export class AssignmentModule {}
