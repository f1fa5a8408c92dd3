import type {
  AvailabilityConfig,
  BridgeConfig,
  ConnectorConfig,
  DatabaseConfig,
  DirectoryConfig,
  ServerConfig,
} from '@app/core/config.types';
import type { FailureContext } from '@app/core/platform-error';
import type { LoadedConfig } from '@app/config/load-config';
import type { SecretRedactor } from '@app/config/secret-redactor';
import { UnknownConnectorError } from '@app/config/unknown-connector.error';

/**
 * The only way the rest of the daemon reads configuration: validated once at start, typed, and
 * never re-read from the file or the environment. Provided by BridgeConfigModule.forRoot().
 */
export class BridgeConfigService {
  constructor(private readonly loaded: LoadedConfig) {}

  get config(): BridgeConfig {
    return this.loaded.config;
  }

  get server(): ServerConfig {
    return this.loaded.config.server;
  }

  get database(): DatabaseConfig {
    return this.loaded.config.database;
  }

  get directory(): DirectoryConfig {
    return this.loaded.config.directory;
  }

  get availability(): AvailabilityConfig {
    return this.loaded.config.availability;
  }

  get connectors(): ConnectorConfig[] {
    return this.loaded.config.connectors;
  }

  get enabledConnectors(): ConnectorConfig[] {
    return this.connectors.filter((connector) => connector.enabled);
  }

  get redactor(): SecretRedactor {
    return this.loaded.redactor;
  }

  /** The file the configuration was loaded from. */
  get path(): string {
    return this.loaded.path;
  }

  /** What a platform failure of this connector may name: its settings and the variables behind them. */
  failureContext(connectorId: string): FailureContext | undefined {
    const connector = this.findConnector(connectorId);
    return connector ? { connector, references: this.loaded.references } : undefined;
  }

  findConnector(id: string): ConnectorConfig | undefined {
    return this.connectors.find((connector) => connector.id === id);
  }

  /** @throws UnknownConnectorError when no connector has this id. */
  connector(id: string): ConnectorConfig {
    const connector = this.findConnector(id);
    if (!connector) {
      throw new UnknownConnectorError(id);
    }
    return connector;
  }
}
