import { Global, Module } from '@nestjs/common';

import { MetricsController } from '@app/metrics/metrics.controller';
import { MetricsService } from '@app/metrics/metrics.service';

@Global()
@Module({ controllers: [MetricsController], providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
