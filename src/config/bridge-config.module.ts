import { Module, type DynamicModule } from '@nestjs/common';
import { BridgeConfigService } from '@app/config/bridge-config.service';
import type { LoadedConfig } from '@app/config/load-config';

@Module({})
export class BridgeConfigModule {
  /**
   * The config is loaded (and the process exits 2 on a ConfigError) before Nest starts, so the
   * module only hands the already-validated result to everyone, globally.
   */
  static forRoot(loaded: LoadedConfig): DynamicModule {
    return {
      module: BridgeConfigModule,
      global: true,
      providers: [{ provide: BridgeConfigService, useValue: new BridgeConfigService(loaded) }],
      exports: [BridgeConfigService],
    };
  }
}
