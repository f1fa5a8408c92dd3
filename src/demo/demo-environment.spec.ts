import { CliExit } from '@app/cli/exit-codes';
import { type LoadedConfig, loadConfig } from '@app/config/load-config';
import { assertLoopbackOnly, demoPorts } from '@app/demo/demo-environment';

const demoConfig = (): LoadedConfig => loadConfig({ path: 'config/demo.yaml', env: {} });

describe(demoPorts.name, () => {
  it("should list the daemon's port and one per simulator, Evolution's included", () => {
    const ports = demoPorts(demoConfig(), {});

    expect(ports.map((p) => p.port)).toEqual([3000, 4101, 4102, 4103, 4104, 4105]);
    expect(ports.find((p) => p.port === 4103)).toEqual(
      expect.objectContaining({
        owner: 'the Evolution API simulator of connector "chatwoot"',
        move: "change that connector's options.evolution.baseUrl in config/demo.yaml",
      }),
    );
  });
});

describe(assertLoopbackOnly.name, () => {
  it('should accept the demo config, whose every server is on loopback', () => {
    expect(() => assertLoopbackOnly(demoConfig())).not.toThrow();
  });

  it('should refuse a Chatwoot connector whose Evolution API is a real server', () => {
    const loaded = demoConfig();
    for (const c of loaded.config.connectors) {
      if (c.type === 'chatwoot' && c.options.evolution) {
        c.options.evolution.baseUrl = 'https://evo.example.com';
      }
    }

    expect(() => assertLoopbackOnly(loaded)).toThrow(CliExit);
    expect(() => assertLoopbackOnly(loaded)).toThrow(
      /"chatwoot" \(options\.evolution\) \(https:\/\/evo\.example\.com\)/,
    );
  });
});
