import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@app/config/config.error';
import type { ChatwootConnectorConfig, TencentChatConnectorConfig } from '@app/core/config.types';
import { loadConfig } from '@app/config/load-config';

const EXAMPLE_PATH = join(__dirname, '../../config/bridge.example.yaml');
const EXAMPLE_ENV = {
  BRIDGE_ADMIN_TOKEN: 'admin-token-1111',
  LHC_API_KEY: 'lhc-api-key-2222',
  LHC_WEBHOOK_SECRET: 'lhc-webhook-3333',
  CHATWOOT_TOKEN: 'chatwoot-token-4444',
  CHATWOOT_WEBHOOK_SECRET: 'chatwoot-webhook-5555',
  EVOLUTION_API_KEY: 'evolution-key-6666',
  SMSBAT_COMPANY_TOKEN: 'smsbat-token-7777',
  TENCENT_SECRET_KEY: 'tencent-secret-8888',
  TENCENT_CALLBACK_TOKEN: 'tencent-callback-9999',
  ALERT_SECRET: 'alert-secret-aaaa',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/slack-bbbb',
  SMTP_PASSWORD: 'smtp-password-cccc',
};

const CHATHUB = `
  - id: chathub
    type: smsbat-chathub
    baseUrl: https://chatapi.smsbat.com
    auth:
      companyToken: company-token-1
    options:
      organizationId: 24
`;

let dir: string;
const writeConfig = (text: string, name = 'bridge.yaml'): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const load = (text: string, env: NodeJS.ProcessEnv = {}) => loadConfig({ path: writeConfig(text), env });
const issuesOf = (text: string, env: NodeJS.ProcessEnv = {}): string[] => {
  try {
    load(text, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.message.split('\n');
    }
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe(loadConfig.name, () => {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bridge-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should load the example file when its environment variables are set', () => {
    const { config, path } = loadConfig({ path: EXAMPLE_PATH, env: EXAMPLE_ENV });

    expect(path).toBe(EXAMPLE_PATH);
    expect(config.server).toEqual({
      port: 3000,
      adminToken: 'admin-token-1111',
      bodyLimit: 1024 * 1024,
      shutdownGraceMs: 25_000,
    });
    expect(config.connectors.map((connector) => [connector.id, connector.type, connector.rateLimit])).toEqual(
      [
        ['lhc', 'livehelperchat', 5],
        ['chatwoot', 'chatwoot', 25],
        ['chathub', 'smsbat-chathub', 5],
        ['tencent', 'tencent-chat', 100],
      ],
    );
    const chatwoot = config.connectors[1] as ChatwootConnectorConfig;
    expect(chatwoot.schedule).toEqual({ kind: 'cron', expression: '*/10 * * * *' });
    expect(chatwoot.options.evolution?.apiKey).toBe('evolution-key-6666');
    expect((config.connectors[3] as TencentChatConnectorConfig).options.assignment.agentGroupId).toBe(6520);
    expect(config.directory.roster[1]).toEqual({
      key: 'lhc-api',
      name: 'LHC API user',
      email: 'api@example.com',
      role: 'integration',
      status: 'active',
    });
  });

  it('should apply every default when the file sets only what a connector requires', () => {
    const { config } = load(`connectors:${CHATHUB}`);

    expect(config.server).toEqual({
      port: 3000,
      bodyLimit: 1048576,
      adminToken: undefined,
      shutdownGraceMs: 25_000,
    });
    expect(config.database.url).toBe('sqlite:./data/bridge.sqlite');
    expect(config.directory).toEqual({
      source: 'roster',
      unmanaged: 'report',
      deletionThreshold: { kind: 'percent', value: 20 },
      roster: [],
      ignore: [],
    });
    expect(config.availability.propagate).toBe('unavailable');
    expect(config.connectors[0]).toMatchObject({
      enabled: true,
      timeoutMs: 10000,
      schedule: { kind: 'interval', ms: 300000, text: '5m' },
      rateLimit: 5,
      allowDeletes: false,
      webhook: { insecure: false },
    });
  });

  it('should treat keys written without a value as unset when the file leaves them empty', () => {
    const { config } = load('server:\n  port:\n  adminToken:\ndirectory:\n  roster:\n');

    expect(config.server.port).toBe(3000);
    expect(config.server.adminToken).toBeUndefined();
    expect(config.directory.roster).toEqual([]);
    expect(config.connectors).toEqual([]);
  });

  it('should report the line and column when the YAML is broken', () => {
    const path = writeConfig('server:\n  port: 3000\n  adminToken: a: b\n');

    expect(() => loadConfig({ path, env: {} })).toThrow(
      `${path}:3:15: invalid YAML: Nested mappings are not allowed`,
    );
  });

  it('should name the file when it does not exist', () => {
    const path = join(dir, 'missing.yaml');

    expect(() => loadConfig({ path, env: {} })).toThrow(`${path}: configuration file not found`);
  });

  it('should report the file when its top level is not a mapping', () => {
    expect(issuesOf('- just\n- a list\n')).toEqual([
      expect.stringMatching(/bridge\.yaml: must contain a mapping/),
    ]);
  });

  it('should list the known types when a connector type is unknown', () => {
    const issues = issuesOf(
      `connectors:${CHATHUB}  - id: other\n    type: slack\n    baseUrl: https://x.example\n`,
    );

    expect(issues).toEqual([
      'connectors[other].type (line 10:5): must be one of livehelperchat, chatwoot, smsbat-chathub, tencent-chat (got "slack")',
    ]);
  });

  it('should name the YAML path when an environment variable is missing', () => {
    const issues = issuesOf(`connectors:${CHATHUB.replace('company-token-1', '"${SMSBAT_TOKEN}"')}`);

    expect(issues).toEqual([
      'connectors[chathub].auth.companyToken (line 6:7): environment variable SMSBAT_TOKEN is not set',
    ]);
  });

  it('should report every problem at once when several keys are wrong', () => {
    const text = `
server:
  port: 70000
  colour: blue
directory:
  unmanaged: delete
connectors:
  - id: Bad Id
    type: smsbat-chathub
    baseUrl: ftp://chatapi
    schedule: 1s
    auth:
      companyToken: "\${MISSING_TOKEN}"
    options:
      organizationId: -1
      foo: 1
`;
    expect(issuesOf(text)).toEqual([
      'server.port (line 3:3): must be an integer between 0 and 65535 (got 70000)',
      'server.colour (line 4:3): unknown key',
      'directory.unmanaged (line 6:3): must be one of report, deactivate (got "delete")',
      'connectors[0].id (line 8:5): must be a slug: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit (got "Bad Id")',
      'connectors[0].baseUrl (line 10:5): must be an http:// or https:// URL (got "ftp://chatapi")',
      'connectors[0].schedule (line 11:5): must be at least 5s (got "1s")',
      'connectors[0].auth.companyToken (line 13:7): environment variable MISSING_TOKEN is not set',
      'connectors[0].options.organizationId (line 15:7): must be a positive integer (got -1)',
      'connectors[0].options.foo (line 16:7): unknown key',
    ]);
  });

  it('should suggest the known key when a key is misspelt', () => {
    const text = `directory:\n  deletionTreshold: 10%\nconnectors:${CHATHUB}    sheduled: 5m\n`;

    expect(issuesOf(text)).toEqual([
      'directory.deletionTreshold (line 2:3): unknown key; did you mean `deletionThreshold`?',
      'connectors[chathub].sheduled (line 11:5): unknown key; did you mean `schedule`?',
    ]);
  });

  it('should name the connector by its index when its id is used twice', () => {
    const text = `connectors:${CHATHUB}${CHATHUB.replace('24', '0')}`;

    expect(issuesOf(text)).toEqual([
      'connectors[1].id (line 10:5): must be unique: connectors[0] has the same id (got "chathub")',
      'connectors[1].options.organizationId (line 16:7): must be a positive integer (got 0)',
    ]);
  });

  it('should not show the value when an inline secret is wrong', () => {
    const text = `connectors:${CHATHUB.replace('companyToken: company-token-1', 'companyToken: 987654321')}`;

    const issues = issuesOf(text);

    expect(issues).toEqual([
      expect.stringMatching(/^connectors\[chathub\]\.auth\.companyToken \(line 6:7\): /),
    ]);
    expect(issues.join()).not.toContain('987654321');
  });

  it('should show the reference, never the value, when a wrong value comes from the environment', () => {
    const text = 'server:\n  port: "${BRIDGE_PORT}"\n';

    expect(issuesOf(text, { BRIDGE_PORT: 'secret-looking-9999' })).toEqual([
      'server.port (line 2:3): must be an integer between 0 and 65535 (got "${BRIDGE_PORT}")',
    ]);
  });

  it('should override database.url and server.port when DATABASE_URL and PORT are set', () => {
    const { config } = load('server:\n  port: 3000\ndatabase:\n  url: "${DB:-sqlite:./x.sqlite}"\n', {
      DATABASE_URL: 'postgres://bridge:pw@db:5432/bridge',
      PORT: '8080',
    });

    expect(config.database.url).toBe('postgres://bridge:pw@db:5432/bridge');
    expect(config.server.port).toBe(8080);
  });

  it('should use the default when a ${VAR:-default} variable is unset', () => {
    const { config } = load('server:\n  port: ${BRIDGE_PORT:-4000}\n  adminToken: "${ADMIN:-}"\n');

    expect(config.server.port).toBe(4000);
    expect(config.server.adminToken).toBeUndefined();
  });

  it('should read a secret from NAME_FILE when NAME is unset', () => {
    const secretFile = writeConfig('from-a-file-123\n', 'admin-token');

    const { config } = load('server:\n  adminToken: "${ADMIN_TOKEN}"\n', { ADMIN_TOKEN_FILE: secretFile });

    expect(config.server.adminToken).toBe('from-a-file-123');
  });

  it('should build a redactor that knows every secret when the config loads', () => {
    const { redactor } = loadConfig({
      path: EXAMPLE_PATH,
      env: { ...EXAMPLE_ENV, DATABASE_URL: 'postgres://u:db-pass-0000@h/db' },
    });

    const text = Object.values(EXAMPLE_ENV).join(' ') + ' db-pass-0000';

    expect(redactor.redact(text)).toBe(Array(13).fill('[REDACTED]').join(' '));
  });

  it('should never put a secret value in an error message when invalid values are secrets', () => {
    const secrets = { TOKEN: 'super-secret-token-1', KEY: 'super-secret-key-2', PASS: 'super-secret-pass-3' };
    const text = `
server:
  adminToken: 12345
  port: "\${TOKEN}"
database:
  url: "mysql://root:\${PASS}@db/bridge"
connectors:
  - id: chathub
    type: smsbat-chathub
    baseUrl: "\${KEY}"
    schedule: "\${KEY}"
    auth:
      companyToken: "\${TOKEN}"
      login: admin
      password: "\${PASS}"
    options:
      organizationId: "\${KEY}"
      extra: "\${TOKEN}"
`;
    const messages = [
      issuesOf(text, secrets).join('\n'),
      issuesOf(`server:\n  adminToken: [${secrets.TOKEN}`).join('\n'),
    ];

    expect(messages[0]).toContain(
      'connectors[chathub].auth.companyToken (line 13:7): cannot be combined with login and password',
    );
    expect(messages[1]).toContain('invalid YAML');
    for (const secret of Object.values(secrets)) {
      expect(messages.join('\n')).not.toContain(secret);
    }
  });
});
