import { join } from 'node:path';
import { writeFileSync } from 'node:fs';

import { freePort, runCli, tempDir, writeConfig } from './support/daemon-process';

const VALID_CONNECTOR = `
connectors:
  - id: chathub
    type: smsbat-chathub
    baseUrl: http://127.0.0.1:9
    auth: { companyToken: "\${E2E_TOKEN}" }
    options: { organizationId: 24 }
`;

describe('bad configuration', () => {
  it('should exit 2 naming the line when the YAML is broken', async () => {
    const config = writeConfig(tempDir(), 'server:\n  port: 3000\n connectors: [\n');
    const { code, stderr } = await runCli(['validate', '--config', config]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/:\d+:\d+/);
  });

  it('should exit 2 naming the path by connector id, the line and the value when the connector type is unknown', async () => {
    const config = writeConfig(tempDir(), VALID_CONNECTOR.replace('smsbat-chathub', 'whatsapp-magic'));
    const { code, stderr } = await runCli(['validate', '--config', config], { E2E_TOKEN: 'x' });
    expect(code).toBe(2);
    expect(stderr).toContain('connectors[chathub].type (line 4:5): must be one of');
    expect(stderr).toContain('(got "whatsapp-magic")');
  });

  it('should exit 2 with a did-you-mean when a key is misspelt', async () => {
    const config = writeConfig(tempDir(), `directory:\n  deletionTreshold: 10%\n${VALID_CONNECTOR}`);
    const { code, stderr } = await runCli(['validate', '--config', config], { E2E_TOKEN: 'x' });
    expect(code).toBe(2);
    expect(stderr).toContain(
      'directory.deletionTreshold (line 2:3): unknown key; did you mean `deletionThreshold`?',
    );
  });

  it('should show a wrong value from the environment as its reference, never the value', async () => {
    const config = writeConfig(tempDir(), VALID_CONNECTOR.replace('24', '"${E2E_ORG}"'));
    const { code, stderr } = await runCli(['validate', '--config', config], {
      E2E_TOKEN: 'x',
      E2E_ORG: 'org-secret-value-77',
    });
    expect(code).toBe(2);
    expect(stderr).toContain('connectors[chathub].options.organizationId (line 7:16)');
    expect(stderr).toContain('(got "${E2E_ORG}")');
    expect(stderr).not.toContain('org-secret-value-77');
  });

  it('should exit 2 naming the path and the variable when an environment variable is missing', async () => {
    const config = writeConfig(tempDir(), VALID_CONNECTOR);
    const env = { ...process.env };
    delete env.E2E_TOKEN;
    const { code, stderr } = await runCli(['validate', '--config', config], {});
    expect(code).toBe(2);
    expect(stderr).toContain('connectors[chathub].auth.companyToken');
    expect(stderr).toContain('E2E_TOKEN');
  });

  it('should read a secret from NAME_FILE and keep it out of every message', async () => {
    const dir = tempDir();
    const secretFile = join(dir, 'token');
    writeFileSync(secretFile, 'file-secret-value-123\n');
    const config = writeConfig(dir, `${VALID_CONNECTOR}  - id: 2bad id\n    type: smsbat-chathub\n`);
    const { code, stdout, stderr } = await runCli(['validate', '--config', config], {
      E2E_TOKEN_FILE: secretFile,
    });
    expect(code).toBe(2);
    expect(stdout + stderr).not.toContain('file-secret-value-123');
  });

  it('should exit 2 before listening when the daemon gets an invalid config', async () => {
    const port = await freePort();
    const config = writeConfig(tempDir(), 'server: { bodyLimit: "huge" }\n');
    const { code, stderr } = await runCli(['start', '--config', config], { PORT: String(port) });
    expect(code).toBe(2);
    expect(stderr).toContain('server.bodyLimit');
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  });

  it('should exit 2 for an unknown command or option', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['plan', '--bogus'])).code).toBe(2);
  });

  it('should exit 1 when the work fails because the platform is unreachable', async () => {
    const dir = tempDir();
    const config = writeConfig(
      dir,
      `database: { url: "sqlite:${join(dir, 'b.sqlite')}" }\n${VALID_CONNECTOR}`,
    );
    const { code, stdout } = await runCli(['sync', '--config', config], { E2E_TOKEN: 'x' });
    expect(code).toBe(1);
    expect(stdout).toContain('failed');
    expect(stdout).toContain('next: 127.0.0.1:9 could not be reached: check connectors[chathub].baseUrl');
    expect(stdout).not.toContain('nothing to change');
  });
});
