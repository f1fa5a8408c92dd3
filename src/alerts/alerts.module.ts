import { type DynamicModule, Global, Module } from '@nestjs/common';

import { AlertRepository } from '@app/alerts/alert.repository';
import { AlertDeliverer } from '@app/alerts/alert-deliverer.service';
import { AlertRaiser } from '@app/alerts/alert-raiser.service';
import { AlertSinkClient } from '@app/alerts/alert-sink.client';

/**
 * Alerts: the raiser (used by runs and the inbox to store alert rows) everywhere, the deliverer
 * (which sends them) only in the daemon. Global, so producers need not import it: it depends on
 * nothing of theirs, which keeps the module graph free of cycles.
 */
@Global()
@Module({})
export class AlertsModule {
  static forRoot(options: { deliver: boolean }): DynamicModule {
    return {
      module: AlertsModule,
      providers: [
        AlertRepository,
        AlertRaiser,
        ...(options.deliver ? [AlertSinkClient, AlertDeliverer] : []),
      ],
      exports: [AlertRaiser, AlertRepository],
    };
  }
}
