import type { BridgeConfig } from '@app/core/config.types';
import { ConnectorList, type ConnectorDto } from '@app/config/connectors/connector-dtos';
import { Nested } from '@app/config/decorators/nested.decorator';
import { AlertSinkList, type AlertSinkDto } from '@app/config/dto/alerts-list';
import { AvailabilityConfigDto } from '@app/config/dto/availability-config.dto';
import { DatabaseConfigDto } from '@app/config/dto/database-config.dto';
import { DirectoryConfigDto } from '@app/config/dto/directory-config.dto';
import { RetentionConfigDto } from '@app/config/dto/retention-config.dto';
import { ServerConfigDto } from '@app/config/dto/server-config.dto';

/** Root of config/bridge.yaml. Every section is optional except the settings its connectors require. */
export class BridgeConfigDto implements BridgeConfig {
  @Nested(() => ServerConfigDto)
  server = new ServerConfigDto();

  @Nested(() => DatabaseConfigDto)
  database = new DatabaseConfigDto();

  @Nested(() => DirectoryConfigDto)
  directory = new DirectoryConfigDto();

  @Nested(() => AvailabilityConfigDto)
  availability = new AvailabilityConfigDto();

  @Nested(() => RetentionConfigDto)
  retention = new RetentionConfigDto();

  /** Where an admin is told when something goes wrong: webhook, slack or email sinks. */
  @AlertSinkList()
  alerts: AlertSinkDto[] = [];

  /** The platforms to keep in sync. */
  @ConnectorList()
  connectors: ConnectorDto[] = [];
}
