import { Module } from '@nestjs/common';

import { AvailabilityService } from '@app/directory/availability.service';
import { DirectorySnapshot } from '@app/directory/directory-snapshot.service';
import { DirectoryService } from '@app/directory/directory.service';
import { EchoRegistry } from '@app/directory/echo-registry';
import { PlatformsModule } from '@app/platforms/platforms.module';
import { RunsModule } from '@app/runs/runs.module';

const SERVICES = [AvailabilityService, DirectorySnapshot, DirectoryService, EchoRegistry];

/** Who the operators are, where they are linked, and their merged availability. */
@Module({ imports: [PlatformsModule, RunsModule], providers: SERVICES, exports: SERVICES })
export class DirectoryModule {}
