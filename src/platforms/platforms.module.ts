import { Module } from '@nestjs/common';

import { AdapterRegistry } from '@app/platforms/adapter-registry';

/** The adapters, one per configured connector, built at start. */
@Module({ providers: [AdapterRegistry], exports: [AdapterRegistry] })
export class PlatformsModule {}
