import { BridgeConfigService } from '@app/config/bridge-config.service';
import type { LoadedConfig } from '@app/config/load-config';
import { validateConfig } from '@app/config/loading/validate-config';
import { SecretRedactor } from '@app/config/secret-redactor';
import { UnknownConnectorError } from '@app/config/unknown-connector.error';

const loaded = (): LoadedConfig => {
  const { config, issues } = validateConfig({
    server: { port: 4000 },
    directory: { source: 'hub' },
    connectors: [
      {
        id: 'hub',
        type: 'smsbat-chathub',
        baseUrl: 'https://hub.example',
        auth: { companyToken: 't' },
        options: { organizationId: 1 },
      },
      {
        id: 'lhc',
        type: 'livehelperchat',
        enabled: false,
        baseUrl: 'https://lhc.example',
        auth: { username: 'u', apiKey: 'k' },
        options: { userGroups: [2] },
      },
    ],
  });
  expect(issues).toEqual([]);
  return {
    config,
    redactor: new SecretRedactor(),
    path: '/etc/bridge.yaml',
    warnings: [],
    references: new Map(),
  };
};

describe(BridgeConfigService.name, () => {
  it('should expose each section when built from a loaded config', () => {
    const source = loaded();
    const sut = new BridgeConfigService(source);

    expect(sut.config).toBe(source.config);
    expect(sut.server.port).toBe(4000);
    expect(sut.database.url).toBe('sqlite:./data/bridge.sqlite');
    expect(sut.directory.source).toBe('hub');
    expect(sut.availability.propagate).toBe('unavailable');
    expect(sut.connectors.map((connector) => connector.id)).toEqual(['hub', 'lhc']);
    expect(sut.redactor).toBe(source.redactor);
    expect(sut.path).toBe('/etc/bridge.yaml');
  });

  it('should leave disabled connectors out when enabledConnectors is read', () => {
    expect(new BridgeConfigService(loaded()).enabledConnectors.map((connector) => connector.id)).toEqual([
      'hub',
    ]);
  });

  it('should return the connector when its id is known', () => {
    expect(new BridgeConfigService(loaded()).connector('lhc').type).toBe('livehelperchat');
  });

  it('should throw UnknownConnectorError when the id is unknown', () => {
    const sut = new BridgeConfigService(loaded());

    expect(() => sut.connector('nope')).toThrow(UnknownConnectorError);
    expect(sut.findConnector('nope')).toBeUndefined();
  });
});
