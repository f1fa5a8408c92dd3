import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { BridgeConfigModule } from '@app/config/bridge-config.module';
import { BridgeConfigService } from '@app/config/bridge-config.service';
import type { LoadedConfig } from '@app/config/load-config';
import { validateConfig } from '@app/config/loading/validate-config';
import { SecretRedactor } from '@app/config/secret-redactor';

@Injectable()
class ConfigConsumer {
  constructor(readonly config: BridgeConfigService) {}
}

// A feature module that does not import BridgeConfigModule: the service must reach it globally.
@Module({ providers: [ConfigConsumer] })
class FeatureModule {}

describe(BridgeConfigModule.name, () => {
  it('should provide BridgeConfigService globally when registered with forRoot', async () => {
    const loaded: LoadedConfig = {
      config: validateConfig({}).config,
      redactor: new SecretRedactor(),
      path: 'x.yaml',
      warnings: [],
      references: new Map(),
    };

    const moduleRef = await Test.createTestingModule({
      imports: [BridgeConfigModule.forRoot(loaded), FeatureModule],
    }).compile();

    const consumer = moduleRef.get(ConfigConsumer);
    expect(consumer.config).toBeInstanceOf(BridgeConfigService);
    expect(consumer.config.path).toBe('x.yaml');
    expect(consumer.config.config).toBe(loaded.config);
  });
});
