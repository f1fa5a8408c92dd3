import { validateConfig } from '@app/config/loading/validate-config';
import { checkWarnings } from '@app/config/loading/check-warnings';

type Raw = Record<string, unknown>;

const chatwoot = (extra: Raw = {}): Raw => ({
  id: 'cw',
  type: 'chatwoot',
  baseUrl: 'https://cw.example',
  auth: { apiAccessToken: 't' },
  webhook: { secret: 'hmac' },
  options: { accountId: 1, inboxes: [3] },
  ...extra,
});
const roster = [{ key: 'anna', name: 'Anna' }];
const warningsFor = (raw: Raw): string[] => {
  const { config, issues } = validateConfig({ server: { adminToken: 'a' }, directory: { roster }, ...raw });
  expect(issues).toEqual([]);
  return checkWarnings(config).map((w) => `${w.path}: ${w.message}`);
};

describe(checkWarnings.name, () => {
  it('should warn nothing when every connector is complete', () => {
    expect(warningsFor({ connectors: [chatwoot()] })).toEqual([]);
  });

  it('should name webhook.secret and the 401 when a Chatwoot connector has no secret', () => {
    expect(warningsFor({ connectors: [chatwoot({ webhook: {} })] })).toEqual([
      expect.stringMatching(
        /^connectors\[0\]\.webhook\.secret: is not set, so every webhook to \/webhooks\/cw is refused with 401: set it to/,
      ),
    ]);
  });

  it('should point at the right key when a connector sets the key of another platform', () => {
    expect(warningsFor({ connectors: [chatwoot({ webhook: { token: 'x' } })] })).toEqual([
      'connectors[0].webhook.token: is not used by chatwoot connectors; did you mean webhook.secret?',
      expect.stringContaining('connectors[0].webhook.secret: is not set'),
    ]);
  });

  it('should warn that reopened conversations stay as they are when Chatwoot lists no inbox', () => {
    expect(warningsFor({ connectors: [chatwoot({ options: { accountId: 1 } })] })).toEqual([
      expect.stringMatching(/^connectors\[0\]\.options\.inboxes: is empty, so no reopened conversation/),
    ]);
    expect(
      warningsFor({ connectors: [chatwoot({ options: { accountId: 1, reopenedStatus: 'keep' } })] }),
    ).toEqual([]);
  });

  it('should warn about the admin token, an ignored roster and a disabled source when they occur', () => {
    const { config } = validateConfig({
      directory: { source: 'cw', roster },
      connectors: [chatwoot({ enabled: false })],
    });

    expect(checkWarnings(config).map((w) => w.path)).toEqual([
      'server.adminToken',
      'directory.roster',
      'directory.source',
    ]);
  });

  it('should warn nothing for a disabled connector when its webhook secret is missing', () => {
    expect(warningsFor({ connectors: [chatwoot({ enabled: false, webhook: {} })] })).toEqual([]);
  });
});
