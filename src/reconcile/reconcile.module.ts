import { Module } from '@nestjs/common';

import { DirectoryService } from '@app/directory/directory.service';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import { ConnectorHealthService } from '@app/reconcile/connector-health.service';
import { ReconcileService } from '@app/reconcile/reconcile.service';

/** Reconciliation without a clock: used by the daemon and by one-shot CLI commands alike. */
@Module({
  providers: [AdapterRegistry, ConnectorHealthService, DirectoryService, ReconcileService],
  exports: [AdapterRegistry, ConnectorHealthService, DirectoryService, ReconcileService],
})
export class ReconcileModule {}
