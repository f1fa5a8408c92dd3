import { ALERT_EVENTS, type EmailAlertSinkConfig, type WebhookAlertSinkConfig } from '@app/core/config.types';
import { collectSecrets } from '@app/config/collect-secrets';
import { validateConfig } from '@app/config/loading/validate-config';

type Raw = Record<string, unknown>;

const issuesFor = (alerts: unknown): string[] =>
  validateConfig({ alerts }).issues.map((issue) => `${issue.path}: ${issue.message}`);

const webhook = (extra: Raw = {}): Raw => ({
  type: 'webhook',
  url: 'https://ops.example.com/hooks/chat-bridge',
  secret: 'alert-hmac-key-1',
  ...extra,
});

describe('alerts configuration', () => {
  it('should fill the defaults when a webhook sink sets only its required keys', () => {
    const { config, issues } = validateConfig({ alerts: [webhook()] });

    expect(issues).toEqual([]);
    const [sink] = config.alerts as WebhookAlertSinkConfig[];
    expect(sink).toMatchObject({
      type: 'webhook',
      events: [...ALERT_EVENTS],
      repeatAfter: { ms: 3_600_000, text: '1h' },
      maxPerHour: 30,
      failedChangesThreshold: 5,
    });
  });

  it('should default to no sinks when alerts is left out', () => {
    const { config, issues } = validateConfig({});

    expect(issues).toEqual([]);
    expect(config.alerts).toEqual([]);
  });

  it('should list the allowed types when a sink has an unknown type', () => {
    expect(issuesFor([{ type: 'pager', url: 'https://x.example' }])).toEqual([
      'alerts[0].type: must be one of webhook, slack, email',
    ]);
  });

  it('should report each bad key by its path when sinks are invalid', () => {
    expect(
      issuesFor([
        webhook({ secret: '', events: ['connector.degraded', 'connector.exploded'], repeatAfter: '5s' }),
        { type: 'slack', url: 'not a url', maxPerHour: 0 },
        { type: 'email', smtp: { port: 99999 }, from: 'nobody', to: [], subject: 'x' },
      ]),
    ).toEqual(
      expect.arrayContaining([
        'alerts[0].secret: is required',
        `alerts[0].events: must be a non-empty list of: ${ALERT_EVENTS.join(', ')}`,
        'alerts[0].repeatAfter: must be a duration such as 30m, 1h or 1d, from 1m to 7d',
        'alerts[1].url: must be an http:// or https:// URL',
        'alerts[1].maxPerHour: must be an integer between 1 and 10000',
        'alerts[2].smtp.host: is required',
        'alerts[2].smtp.port: must be an integer between 1 and 65535',
        'alerts[2].from: must be a valid e-mail address',
        'alerts[2].to: must be a non-empty list of e-mail addresses',
        'alerts[2].subject: unknown key',
      ]),
    );
  });

  it('should take an e-mail sink with SMTP defaults when only host, from and to are set', () => {
    const { config, issues } = validateConfig({
      alerts: [
        {
          type: 'email',
          smtp: { host: 'smtp.example.com' },
          from: 'bridge@example.com',
          to: ['ops@example.com'],
        },
      ],
    });

    expect(issues).toEqual([]);
    expect((config.alerts[0] as EmailAlertSinkConfig).smtp).toMatchObject({ port: 587, secure: false });
  });

  it('should treat the webhook secret, the Slack URL and the SMTP password as secrets when collecting them', () => {
    const { config } = validateConfig({
      alerts: [
        webhook(),
        { type: 'slack', url: 'https://hooks.slack.example/services/T0/B0/slack-secret-2' },
        {
          type: 'email',
          smtp: { host: 'smtp.example.com', username: 'mailer', password: 'smtp-pass-3' },
          from: 'bridge@example.com',
          to: ['ops@example.com'],
        },
      ],
    });

    expect([...collectSecrets(config)].sort()).toEqual(
      ['alert-hmac-key-1', 'https://hooks.slack.example/services/T0/B0/slack-secret-2', 'smtp-pass-3'].sort(),
    );
  });
});
