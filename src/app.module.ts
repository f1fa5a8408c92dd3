import { DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';

import { AdminAuthGuard } from '@app/admin/admin-auth.guard';
import { AuditController } from '@app/admin/audit.controller';
import { ConnectorsController } from '@app/admin/connectors.controller';
import { OperatorsController } from '@app/admin/operators.controller';
import { AlertsModule } from '@app/alerts/alerts.module';
import { ApiErrorFilter } from '@app/common/api-error.filter';
import { createLoggerModule } from '@app/common/logger.module';
import { BridgeConfigModule } from '@app/config/bridge-config.module';
import type { LoadedConfig } from '@app/config/load-config';
import { DatabaseModule } from '@app/database/database.module';
import { OperatorPageRepository } from '@app/database/repositories/operator-page.repository';
import { HealthController } from '@app/health/health.controller';
import { MetricsModule } from '@app/metrics/metrics.module';
import { ReconcileModule } from '@app/reconcile/reconcile.module';
import { ReconcileScheduler } from '@app/reconcile/reconcile.scheduler';
import { RetentionService } from '@app/retention/retention.service';
import { WebhooksModule } from '@app/webhooks/webhooks.module';

export interface AppModuleOptions {
  loaded: LoadedConfig;
  /** `daemon` adds the HTTP API and the scheduler; `cli` is for one-shot commands. */
  mode: 'daemon' | 'cli';
}

@Module({})
export class AppModule {
  static forRoot({ loaded, mode }: AppModuleOptions): DynamicModule {
    const daemon = mode === 'daemon';
    return {
      module: AppModule,
      imports: [
        BridgeConfigModule.forRoot(loaded),
        // One-shot commands keep stdout for their report (or --json): their logs go to stderr.
        createLoggerModule(loaded.redactor, { destination: daemon ? 'stdout' : 'stderr' }),
        DatabaseModule.forRoot(loaded.config.database.url, loaded.redactor, { listen: daemon }),
        MetricsModule,
        // Every process stores alerts; only the daemon sends them.
        AlertsModule.forRoot({ deliver: daemon }),
        ReconcileModule,
        ...(daemon ? [ScheduleModule.forRoot(), WebhooksModule] : []),
      ],
      controllers: daemon
        ? [AuditController, ConnectorsController, HealthController, OperatorsController]
        : [],
      providers: [
        ...(daemon ? [AdminAuthGuard, OperatorPageRepository, ReconcileScheduler, RetentionService] : []),
        { provide: APP_FILTER, useClass: ApiErrorFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
        },
      ],
    };
  }
}
