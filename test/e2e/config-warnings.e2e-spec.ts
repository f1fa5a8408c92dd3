import { join } from 'node:path';

import { LiveHelperChatSimulator, seedAssignableApiUserScenario } from '@app/simulator';

import { DaemonProcess, freePort, runCli, tempDir, waitFor, writeConfig } from './support/daemon-process';

const API_KEY = 'e2e-warnings-lhc-key-0123456789';

const chatwootYaml = (extra = '') => `
server: { adminToken: admin-token-for-warnings }
directory:
  roster:
    - { key: anna, name: Anna, email: anna@example.com }
connectors:
  - id: chatwoot
    type: chatwoot
    baseUrl: http://127.0.0.1:9
    auth: { apiAccessToken: "\${E2E_CW_TOKEN}" }
    options: { accountId: 1, inboxes: [] }${extra}
`;

const lhcYaml = (dir: string, lhcUrl: string, apiEmail: string, ignore = '') => `
database: { url: "sqlite:${join(dir, 'bridge.sqlite')}" }
directory:
  roster:
    - { key: john, name: John Smith, email: john@example.com }
    - { key: api, name: Integration API user, email: ${apiEmail}, role: integration }${ignore}
connectors:
  - id: lhc
    type: livehelperchat
    baseUrl: ${lhcUrl}/index.php
    auth: { username: bridge, apiKey: "\${E2E_LHC_KEY}" }
    webhook: { secret: lhc-webhook-secret-1 }
    options: { userGroups: [1] }
`;

describe('configuration warnings and advice through the CLI', () => {
  it('should list each silent misconfiguration and exit 0 when the config is otherwise valid', async () => {
    const config = writeConfig(tempDir(), chatwootYaml());

    const text = await runCli(['validate', '--config', config], { E2E_CW_TOKEN: 'cw-token-1234' });
    const json = await runCli(['validate', '--config', config, '--json'], { E2E_CW_TOKEN: 'cw-token-1234' });

    expect(text.code).toBe(0);
    expect(text.stdout).toContain('2 warning(s)');
    expect(text.stdout).toMatch(
      /connectors\[chatwoot\]\.webhook\.secret \(line \d+:\d+\): is not set, so every webhook to \/webhooks\/chatwoot is refused with 401/,
    );
    expect(text.stdout).toContain('connectors[chatwoot].options.inboxes');
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout) as { ok: boolean; warnings: Array<{ path: string }> };
    expect(document.ok).toBe(true);
    expect(document.warnings.map((w) => w.path)).toEqual([
      'connectors[chatwoot].webhook.secret',
      'connectors[chatwoot].options.inboxes',
    ]);
  });

  it('should log each warning once with the file when the daemon starts', async () => {
    const config = writeConfig(tempDir(), chatwootYaml());
    const daemon = new DaemonProcess(await freePort(), {
      BRIDGE_CONFIG: config,
      E2E_CW_TOKEN: 'cw-token-1234',
    });
    await daemon.start();
    try {
      const line = `${config}: connectors[chatwoot].webhook.secret`;
      await waitFor(() => (daemon.logs.includes(line) ? true : undefined), 'the warning in the log');
      expect(daemon.logs.split(line)).toHaveLength(2);
    } finally {
      await daemon.stop();
    }
  });

  it('should name the line, the connector id and the known key when a key is misspelt', async () => {
    const config = writeConfig(tempDir(), chatwootYaml('\n    timeoutMS: 5000'));

    const { code, stderr } = await runCli(['validate', '--config', config], {
      E2E_CW_TOKEN: 'cw-token-1234',
    });

    expect(code).toBe(2);
    expect(stderr).toContain(
      'connectors[chatwoot].timeoutMS (line 12:5): unknown key; did you mean `timeoutMs`?',
    );
  });

  it('should fail the plan with the key to fix and no "nothing to change" when the platform is unreachable', async () => {
    const dir = tempDir();
    const config = writeConfig(
      dir,
      `database: { url: "sqlite:${join(dir, 'b.sqlite')}" }\n${chatwootYaml().replace('inboxes: []', 'inboxes: [1]')}`,
    );

    const { code, stdout } = await runCli(['plan', '--config', config], { E2E_CW_TOKEN: 'cw-token-1234' });

    expect(code).toBe(1);
    expect(stdout).toContain('next: 127.0.0.1:9 could not be reached: check connectors[chatwoot].baseUrl');
    expect(stdout).not.toContain('nothing to change');
    expect(stdout).not.toContain('cw-token-1234');
  });

  describe('against the LiveHelperChat simulator', () => {
    let lhc: LiveHelperChatSimulator;

    beforeAll(async () => {
      lhc = new LiveHelperChatSimulator();
      seedAssignableApiUserScenario(lhc, { serviceUsername: 'bridge', apiKey: API_KEY });
      await lhc.start();
    });
    afterAll(async () => lhc?.stop());

    it('should report an integration account that matches nothing when doctor runs', async () => {
      const dir = tempDir();
      const config = writeConfig(dir, lhcYaml(dir, lhc.baseUrl, 'api@exmaple.com'));

      const doctor = await runCli(['doctor', '--config', config], { E2E_LHC_KEY: API_KEY });
      const plan = await runCli(['plan', '--config', config], { E2E_LHC_KEY: API_KEY });

      expect(doctor.stdout).toContain(
        'directory.roster[1] "api" (role integration, email api@exmaple.com) matches no account on lhc',
      );
      expect(doctor.code).toBe(1);
      expect(plan.stderr).toContain('warning: directory.roster[1] "api"');
    });

    it("should find the integration account, and report neither the bridge's own user nor an ignored one, when the e-mail is right", async () => {
      const dir = tempDir();
      const ignore = '\n  ignore:\n    - { connector: lhc, username: api }';
      const config = writeConfig(dir, lhcYaml(dir, lhc.baseUrl, 'api@example.com'));
      const ignoring = writeConfig(tempDir(), lhcYaml(dir, lhc.baseUrl, 'api@example.com', ignore));

      const doctor = await runCli(['doctor', '--config', config], { E2E_LHC_KEY: API_KEY });
      const plan = await runCli(['plan', '--config', config], { E2E_LHC_KEY: API_KEY });
      const ignored = await runCli(['plan', '--config', ignoring], { E2E_LHC_KEY: API_KEY });

      expect(doctor.stdout).not.toContain('matches no account');
      expect(plan.stdout).toContain('link');
      expect(plan.stdout).not.toContain('chat-bridge');
      expect(plan.stderr).not.toContain('warning:');
      expect(ignored.stdout).not.toMatch(/\bapi\b/);
    });
  });
});
