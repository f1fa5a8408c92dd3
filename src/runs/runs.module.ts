import { Module } from '@nestjs/common';

import { ConnectorHealthService } from '@app/runs/connector-health.service';
import { ConnectorLocks } from '@app/runs/connector-locks.service';
import { ConnectorMetrics } from '@app/runs/connector-metrics';
import { RunRecorder } from '@app/runs/run-recorder.service';

/** The write path: connector locks and the run recorder every platform write goes through. */
@Module({
  providers: [ConnectorHealthService, ConnectorLocks, ConnectorMetrics, RunRecorder],
  exports: [ConnectorHealthService, ConnectorLocks, RunRecorder],
})
export class RunsModule {}
