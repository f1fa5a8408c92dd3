import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { interpolateEnv } from '@app/config/loading/interpolate-env';

const run = (yaml: string, env: NodeJS.ProcessEnv) => {
  const document = parseDocument(yaml);
  const issues = interpolateEnv(document, env);
  return { issues, value: document.toJS() as Record<string, unknown> };
};

describe(interpolateEnv.name, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bridge-env-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should replace every reference when the variables are set', () => {
    const { issues, value } = run('url: "https://${HOST}:${PORT}/api"', {
      HOST: 'example.com',
      PORT: '8443',
    });

    expect(issues).toEqual([]);
    expect(value.url).toBe('https://example.com:8443/api');
  });

  it('should use the default when the variable is unset or empty', () => {
    const { value } = run('a: "${UNSET:-one}"\nb: "${EMPTY:-two}"\nc: "${EMPTY}"', { EMPTY: '' });

    expect(value).toEqual({ a: 'one', b: 'two', c: '' });
  });

  it('should read NAME_FILE and drop its trailing newline when NAME is unset', () => {
    const file = join(dir, 'token');
    writeFileSync(file, 's3cr3t-value\n');

    expect(run('token: "${TOKEN}"', { TOKEN_FILE: file }).value.token).toBe('s3cr3t-value');
    expect(run('token: "${TOKEN}"', { TOKEN: 'direct', TOKEN_FILE: file }).value.token).toBe('direct');
  });

  it('should name the variable when NAME_FILE cannot be read', () => {
    const { issues } = run('auth:\n  token: "${TOKEN}"', { TOKEN_FILE: join(dir, 'missing') });

    expect(issues).toEqual([
      { path: 'auth.token', message: 'cannot read the file named by TOKEN_FILE (ENOENT)' },
    ]);
  });

  it('should keep a literal ${ when it is escaped as $${', () => {
    const { issues, value } = run('template: "cost: $${AMOUNT} and ${CURRENCY}"', { CURRENCY: 'EUR' });

    expect(issues).toEqual([]);
    expect(value.template).toBe('cost: ${AMOUNT} and EUR');
  });

  it('should report the YAML path when a variable is missing', () => {
    const { issues, value } = run('connectors:\n  - auth:\n      apiKey: "${LHC_API_KEY}"', {});

    expect(issues).toEqual([
      { path: 'connectors[0].auth.apiKey', message: 'environment variable LHC_API_KEY is not set' },
    ]);
    expect(value).toEqual({ connectors: [{ auth: { apiKey: null } }] });
  });

  it('should report malformed references when a reference is invalid or unclosed', () => {
    const { issues } = run('a: "${1BAD}"\nb: "${OPEN"', {});

    expect(issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      'a: contains an invalid reference: use ${NAME} or ${NAME:-default}',
      'b: contains an unclosed ${',
    ]);
  });

  it('should give an unquoted whole reference the type of its value when the value is a number or boolean', () => {
    const { value } = run('port: ${PORT}\ndesk: ${DESK}\nquoted: "${PORT}"\nmixed: ${PORT}0', {
      PORT: '8080',
      DESK: 'true',
    });

    expect(value).toEqual({ port: 8080, desk: true, quoted: '8080', mixed: '80800' });
  });

  it('should never parse a value as YAML when it contains YAML syntax', () => {
    const { value } = run('name: ${NAME}', { NAME: 'a: [b, c]' });

    expect(value.name).toBe('a: [b, c]');
  });
});
