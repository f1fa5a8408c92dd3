import { Injectable, OnModuleDestroy } from '@nestjs/common';

import { BridgeConfigService } from '@app/config/bridge-config.service';
import { MetricsService } from '@app/metrics/metrics.service';
import { createAdapter } from '@app/platforms/adapter-factories';
import type { ChatPlatformAdapter } from '@app/platforms/chat-platform.adapter';

/** One immutable adapter per connector, built once at start from validated config. */
@Injectable()
export class AdapterRegistry implements OnModuleDestroy {
  private readonly adapters = new Map<string, ChatPlatformAdapter>();

  constructor(config: BridgeConfigService, metrics: MetricsService) {
    const context = {
      redactor: config.redactor,
      registerSecret: (value: string) => config.redactor.register(value),
      observer: metrics.observePlatformCall,
    };
    for (const connector of config.connectors) {
      this.adapters.set(connector.id, createAdapter(connector, context));
    }
  }

  get(connectorId: string): ChatPlatformAdapter | undefined {
    return this.adapters.get(connectorId);
  }

  all(): ChatPlatformAdapter[] {
    return [...this.adapters.values()];
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.all().map(async (adapter) => adapter.close?.()));
  }
}
