import { validateConfig } from '@app/config/loading/validate-config';
import { REDACTED, SecretRedactor } from '@app/config/secret-redactor';

// One value per secret field of every connector type, plus the database URL password.
const SECRETS = {
  adminToken: 'admin-token-aaaa',
  lhcApiKey: 'lhc-api-key-bbbb',
  webhookSecret: 'webhook-secret-cccc',
  apiAccessToken: 'chatwoot-token-dddd',
  evolutionApiKey: 'evolution-key-eeee',
  companyToken: 'company-token-ffff',
  chatHubPassword: 'chathub-pass-gggg',
  secretKey: 'tencent-secret-hhhh',
  webhookToken: 'tencent-callback-iiii',
  databasePassword: 'p@ss/word-jjjj',
};

const buildRedactor = (): SecretRedactor => {
  const { config, issues } = validateConfig({
    server: { adminToken: SECRETS.adminToken },
    database: { url: `postgres://bridge:${encodeURIComponent(SECRETS.databasePassword)}@db:5432/bridge` },
    connectors: [
      {
        id: 'lhc',
        type: 'livehelperchat',
        baseUrl: 'https://lhc.example',
        auth: { username: 'bridge', apiKey: SECRETS.lhcApiKey },
        webhook: { secret: SECRETS.webhookSecret },
        options: { userGroups: [2] },
      },
      {
        id: 'cw',
        type: 'chatwoot',
        baseUrl: 'https://cw.example',
        auth: { apiAccessToken: SECRETS.apiAccessToken },
        options: {
          accountId: 1,
          evolution: { baseUrl: 'https://evo.example', apiKey: SECRETS.evolutionApiKey, instance: 'i' },
        },
      },
      {
        id: 'hub1',
        type: 'smsbat-chathub',
        baseUrl: 'https://hub.example',
        auth: { companyToken: SECRETS.companyToken },
        options: { organizationId: 1 },
      },
      {
        id: 'hub2',
        type: 'smsbat-chathub',
        baseUrl: 'https://hub.example',
        auth: { login: 'admin', password: SECRETS.chatHubPassword },
        options: { organizationId: 2 },
      },
      {
        id: 'tc',
        type: 'tencent-chat',
        baseUrl: 'https://tc.example',
        auth: { sdkAppId: 1400000000, identifier: 'administrator', secretKey: SECRETS.secretKey },
        webhook: { token: SECRETS.webhookToken },
      },
    ],
  });
  expect(issues).toEqual([]);
  return SecretRedactor.fromConfig(config);
};

describe(SecretRedactor.name, () => {
  it.each(Object.entries(SECRETS))('should redact the %s when it appears in text', (_name, secret) => {
    expect(buildRedactor().redact(`failed: "${secret}" was rejected`)).toBe(
      `failed: "${REDACTED}" was rejected`,
    );
  });

  it('should redact the percent-encoded database password when a URL is logged as written', () => {
    const url = `postgres://bridge:${encodeURIComponent(SECRETS.databasePassword)}@db:5432/bridge`;

    expect(buildRedactor().redact(`connecting to ${url}`)).toBe(
      `connecting to postgres://bridge:${REDACTED}@db:5432/bridge`,
    );
  });

  it('should leave text alone when it holds no secret', () => {
    expect(buildRedactor().redact('operator anna set offline on lhc')).toBe(
      'operator anna set offline on lhc',
    );
  });

  it('should redact every secret in a deep copy when given an object', () => {
    const original = {
      connector: 'lhc',
      nested: [{ note: `key ${SECRETS.lhcApiKey} used`, raw: SECRETS.secretKey }],
      count: 3,
    };

    const copy = buildRedactor().redactValue(original);

    expect(copy).toEqual({
      connector: 'lhc',
      nested: [{ note: `key ${REDACTED} used`, raw: REDACTED }],
      count: 3,
    });
    expect(original.nested[0].raw).toBe(SECRETS.secretKey);
  });

  it('should redact values by key when the key names a credential', () => {
    const redactor = new SecretRedactor();

    expect(
      redactor.redactValue({
        password: 'x',
        apiKey: 'unknown-key',
        api_key: 12345,
        headers: { Authorization: 'Bearer abc', 'X-Api-Token': 'abc', accept: 'json' },
        webhook: { secret: 'abc', insecure: true },
        tokens: ['a', 'b'],
        passwordSet: false,
      }),
    ).toEqual({
      password: REDACTED,
      apiKey: REDACTED,
      api_key: REDACTED,
      headers: { Authorization: REDACTED, 'X-Api-Token': REDACTED, accept: 'json' },
      webhook: { secret: REDACTED, insecure: true },
      tokens: REDACTED,
      passwordSet: false,
    });
  });

  it('should redact runtime secrets when they are registered', () => {
    const redactor = new SecretRedactor();
    redactor.register('session-token-from-login');

    expect(redactor.redact('Bearer session-token-from-login')).toBe(`Bearer ${REDACTED}`);
  });

  it('should skip substring replacement when a secret is shorter than 4 characters', () => {
    const redactor = new SecretRedactor(['abc']);

    expect(redactor.redact('abcdef')).toBe('abcdef');
    expect(redactor.redactValue({ note: 'abc', password: 'abc' })).toEqual({
      note: REDACTED,
      password: REDACTED,
    });
  });

  it('should remove the longer secret whole when one secret contains another', () => {
    const redactor = new SecretRedactor(['token', 'token-extended']);

    expect(redactor.redact('token-extended')).toBe(REDACTED);
  });

  it('should treat regex characters literally when a secret contains them', () => {
    const redactor = new SecretRedactor(['a.b*c+(d)']);

    expect(redactor.redact('x a.b*c+(d) axbbc')).toBe(`x ${REDACTED} axbbc`);
  });

  it('should copy errors and cycles safely when they are logged', () => {
    const redactor = new SecretRedactor(['secret-in-error']);
    const error = Object.assign(new Error('login failed with secret-in-error'), { status: 401 });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;

    expect(redactor.redactValue(error)).toMatchObject({
      name: 'Error',
      message: `login failed with ${REDACTED}`,
      status: 401,
    });
    expect(redactor.redactValue(cyclic)).toEqual({ name: 'loop', self: '[Circular]' });
  });
});
