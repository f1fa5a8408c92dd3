import type {
  ChatHubConnectorConfig,
  ChatwootConnectorConfig,
  LiveHelperChatConnectorConfig,
  TencentChatConnectorConfig,
} from '@app/core/config.types';
import { validateConfig } from '@app/config/loading/validate-config';

type Raw = Record<string, unknown>;

const connector = (type: string, extra: Raw = {}): Raw => ({
  id: 'c1',
  type,
  baseUrl: 'https://x.example/',
  ...extra,
});
const issuesFor = (raw: Raw): string[] =>
  validateConfig(raw).issues.map((issue) => `${issue.path}: ${issue.message}`);
const chatHub = (auth: Raw): Raw => ({
  connectors: [connector('smsbat-chathub', { auth, options: { organizationId: 1 } })],
});

describe(validateConfig.name, () => {
  it('should fill per-type defaults when a connector sets only its required keys', () => {
    const { config, issues } = validateConfig({
      connectors: [
        connector('livehelperchat', {
          id: 'lhc',
          auth: { username: 'u', apiKey: 'k' },
          options: { userGroups: [2] },
        }),
        connector('chatwoot', { id: 'cw', auth: { apiAccessToken: 't' }, options: { accountId: 1 } }),
        connector('tencent-chat', {
          id: 'tc',
          auth: { sdkAppId: 1400000000, identifier: 'admin', secretKey: 's' },
        }),
      ],
    });

    expect(issues).toEqual([]);
    const [lhc, chatwoot, tencent] = config.connectors as [
      LiveHelperChatConnectorConfig,
      ChatwootConnectorConfig,
      TencentChatConnectorConfig,
    ];
    expect(lhc.baseUrl).toBe('https://x.example');
    expect(lhc.options).toEqual({
      departments: [],
      userGroups: [2],
      reassertIntegrationEvery: { ms: 86_400_000, text: '24h' },
    });
    expect(chatwoot.options).toMatchObject({ accountId: 1, inboxes: [], reopenedStatus: 'open' });
    expect(chatwoot.options.evolution).toBeUndefined();
    expect(tencent.options).toMatchObject({
      userIdPrefix: '',
      desk: false,
      assignment: { strategy: 'least-busy', maxAgents: 3 },
    });
    expect(config.connectors.map((item) => item.rateLimit)).toEqual([5, 25, 100]);
  });

  it('should accept a company token when ChatHub auth uses that form alone', () => {
    const { config, issues } = validateConfig(chatHub({ companyToken: 'token-1' }));

    expect(issues).toEqual([]);
    expect((config.connectors[0] as ChatHubConnectorConfig).auth.companyToken).toBe('token-1');
  });

  it('should accept login and password when ChatHub auth uses that form alone', () => {
    expect(issuesFor(chatHub({ login: 'admin', password: 'pw-1' }))).toEqual([]);
  });

  it.each([
    [{}, 'connectors[0].auth.companyToken: is required (or set login and password instead)'],
    [
      { companyToken: 'token-1', login: 'admin', password: 'pw-1' },
      'connectors[0].auth.companyToken: cannot be combined with login and password: use one of the two forms',
    ],
    [{ login: 'admin' }, 'connectors[0].auth.password: is required with login (or set companyToken instead)'],
    [
      { password: 'pw-1' },
      'connectors[0].auth.login: is required with password (or set companyToken instead)',
    ],
  ])('should reject ChatHub auth when it is %p', (auth, message) => {
    expect(issuesFor(chatHub(auth))).toEqual([message]);
  });

  it('should require the per-type auth and options keys when they are missing', () => {
    expect(
      issuesFor({ connectors: [connector('chatwoot'), connector('tencent-chat', { id: 'c2' })] }),
    ).toEqual([
      'connectors[0].auth.apiAccessToken: is required',
      'connectors[0].options.accountId: is required',
      'connectors[1].auth.sdkAppId: is required',
      'connectors[1].auth.identifier: is required',
      'connectors[1].auth.secretKey: is required',
    ]);
  });

  it('should report unknown keys when they appear at any depth', () => {
    const raw = {
      extra: 1,
      directory: { roster: [{ key: 'anna', name: 'Anna', nickname: 'A' }] },
      connectors: [
        connector('tencent-chat', {
          auth: { sdkAppId: 1, identifier: 'a', secretKey: 's', region: 'sg' },
          options: { assignment: { strategy: 'sticky', colour: 'red' } },
        }),
      ],
    };

    expect(issuesFor(raw)).toEqual([
      'extra: unknown key',
      'directory.roster[0].nickname: unknown key',
      'connectors[0].auth.region: unknown key',
      'connectors[0].options.assignment.colour: unknown key',
    ]);
  });

  it('should report out-of-range values when numbers break their limits', () => {
    const raw = {
      connectors: [
        connector('tencent-chat', {
          timeoutMs: 50,
          rateLimit: 1001,
          auth: { sdkAppId: 0, identifier: 'a', secretKey: 's' },
          options: { assignment: { maxAgents: 51, fallbackGroupId: 1.5 } },
        }),
      ],
    };

    // Sorted: validation lists a subclass's own keys first; loadConfig orders issues by file position.
    expect(issuesFor(raw).sort()).toEqual([
      'connectors[0].auth.sdkAppId: must be a positive integer',
      'connectors[0].options.assignment.fallbackGroupId: must be a positive integer',
      'connectors[0].options.assignment.maxAgents: must be an integer between 1 and 50',
      'connectors[0].rateLimit: must be a positive number no greater than 1000',
      'connectors[0].timeoutMs: must be an integer between 100 and 120000',
    ]);
  });

  it('should validate the Evolution options when a Chatwoot connector sets them', () => {
    const raw = {
      connectors: [
        connector('chatwoot', {
          auth: { apiAccessToken: 't' },
          options: {
            accountId: 1,
            inboxes: [3, 'x'],
            reopenedStatus: 'pending',
            evolution: { baseUrl: 'evo' },
          },
        }),
      ],
    };

    expect(issuesFor(raw)).toEqual([
      'connectors[0].options.inboxes: must be a list of positive integers',
      'connectors[0].options.reopenedStatus: must be one of open, keep',
      'connectors[0].options.evolution.baseUrl: must be an http:// or https:// URL',
      'connectors[0].options.evolution.apiKey: is required',
      'connectors[0].options.evolution.instance: is required',
    ]);
  });

  it('should check roster entries when they are malformed', () => {
    const raw = {
      directory: {
        deletionThreshold: '0%',
        roster: [{ key: 'Anna K', name: '', email: 'not-an-email', role: 'admin', status: 'gone' }, 'bob'],
      },
    };

    expect(issuesFor(raw)).toEqual([
      'directory.deletionThreshold: must be a percentage such as 20% (above 0%, at most 100%) or a whole number of operators',
      'directory.roster[0].key: must be a slug: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
      'directory.roster[0].name: must be a non-empty string',
      'directory.roster[0].email: must be a valid e-mail address',
      'directory.roster[0].role: must be one of agent, integration',
      'directory.roster[0].status: must be one of active, inactive, deleted',
      'directory.roster[1]: must be a mapping of keys to values',
    ]);
  });

  it('should parse typed values when they are valid', () => {
    const { config, issues } = validateConfig({
      server: { bodyLimit: '512kb' },
      directory: { deletionThreshold: 3 },
      connectors: [
        connector('livehelperchat', {
          schedule: '30s',
          auth: { username: 'u', apiKey: 'k' },
          options: { userGroups: [2], reassertIntegrationEvery: '12h' },
        }),
      ],
    });

    expect(issues).toEqual([]);
    expect((config.connectors[0] as LiveHelperChatConnectorConfig).options.reassertIntegrationEvery).toEqual({
      ms: 12 * 3_600_000,
      text: '12h',
    });
    expect(config.server.bodyLimit).toBe(512 * 1024);
    expect(config.directory.deletionThreshold).toEqual({ kind: 'count', value: 3 });
    expect(config.connectors[0].schedule).toEqual({ kind: 'interval', ms: 30_000, text: '30s' });
  });

  it('should report a section when it is not a mapping', () => {
    expect(
      issuesFor({ server: 'localhost', connectors: { id: 'x' }, database: { url: 'mysql://x' } }),
    ).toEqual([
      'server: must be a mapping of keys to values',
      'database.url: must be sqlite:<file> or a postgres:// or postgresql:// URL',
      'connectors: must be a list',
    ]);
  });

  it('should refuse a database URL that start would refuse, without repeating its password', () => {
    const issues = issuesFor({
      connectors: [],
      database: { url: 'postgres://bridge:hunter2@db.internal/bridge?sslmode=bogus' },
    });

    expect(issues).toEqual([
      'database.url: must be sqlite:<file> or a postgres:// or postgresql:// URL: sslmode must be disable, prefer, require, verify-ca or verify-full',
    ]);
    expect(issues.join('\n')).not.toContain('hunter2');
  });

  it.each([
    ['left out', {}],
    ['empty', { options: { userGroups: [] } }],
  ])('should require LHC userGroups when they are %s and the connector creates operators', (_case, extra) => {
    expect(
      issuesFor({
        connectors: [connector('livehelperchat', { auth: { username: 'u', apiKey: 'k' }, ...extra })],
      }),
    ).toEqual([
      'connectors[0].options.userGroups: must list at least one LHC user group for the operators this connector creates (2 is the stock "Operators" group of a new LHC)',
    ]);
  });

  it('should not require LHC userGroups when the connector is the directory source', () => {
    const raw = {
      directory: { source: 'c1' },
      connectors: [connector('livehelperchat', { auth: { username: 'u', apiKey: 'k' } })],
    };

    expect(issuesFor(raw)).toEqual([]);
  });

  it.each([
    ['*/5 * * * *', 'must be a duration such as 12h or 1d (5s–24d)'],
    ['1s', 'must be at least 5s'],
    ['forever', 'is neither a duration (30s, 5m, 1h) nor a valid cron expression'],
  ])('should refuse reassertIntegrationEvery %p when it is not a duration of 5s to 24d', (value, message) => {
    const raw = {
      connectors: [
        connector('livehelperchat', {
          auth: { username: 'u', apiKey: 'k' },
          options: { userGroups: [2], reassertIntegrationEvery: value },
        }),
      ],
    };

    expect(issuesFor(raw)).toEqual([`connectors[0].options.reassertIntegrationEvery: ${message}`]);
  });

  it('should report only the type when a connector type is missing', () => {
    expect(
      issuesFor({ connectors: [{ id: 'c1', baseUrl: 'https://x.example', auth: { anything: 1 } }] }),
    ).toEqual([
      'connectors[0].type: is required; must be one of livehelperchat, chatwoot, smsbat-chathub, tencent-chat',
    ]);
  });
});
