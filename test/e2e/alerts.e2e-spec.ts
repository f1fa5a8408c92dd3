import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SMTPServer } from 'smtp-server';

import { verifySignature } from '@app/alerts/alert-payload';
import { AlertReceiver } from '@app/alerts/testing/alert-receiver';
import type { ChatHubSimulator } from '@app/simulator';

import { AdminClient } from './support/admin-client';
import { startAlertingChatHub } from './support/alerting-chathub';
import { type DaemonProcess, freePort, tempDir, waitFor } from './support/daemon-process';

const ADMIN_TOKEN = 'e2e-admin-token-alerts-0123';
const CHATHUB_TOKEN = 'e2e-chathub-company-token-alerts';
const ALERT_SECRET = 'e2e-alert-hmac-secret-4567';
const SLACK_PATH = '/services/T000/B000/e2e-slack-url-secret-89ab';
const SMTP_PASSWORD = 'e2e-smtp-password-cdef';
// Retries wait 5 s and more; a busy machine adds its own delays.
const DEADLINE_MS = 90_000;

interface ReceivedMail {
  user: string | undefined;
  password: string | undefined;
  raw: string;
}

/** A loopback SMTP server: no TLS (loopback), AUTH PLAIN/LOGIN required, every message kept. */
const startSmtp = async (mails: ReceivedMail[]): Promise<{ server: SMTPServer; port: number }> => {
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, session, callback) {
      session.user = `${auth.username ?? ''}\n${auth.password ?? ''}`;
      callback(null, { user: session.user });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const [user, password] = String(session.user ?? '').split('\n');
        mails.push({ user, password, raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return { server, port };
};

const alertsYaml = (webhookUrl: string, slackUrl: string, smtpPort: number): string => `
alerts:
  - type: webhook
    url: ${webhookUrl}/hooks/chat-bridge
    secret: "\${E2E_ALERT_SECRET}"
    events: [connector.degraded, connector.bad_credentials, connector.recovered]
  - type: slack
    url: "\${E2E_SLACK_URL}"
  - type: email
    smtp: { host: 127.0.0.1, port: ${smtpPort}, secure: false, username: bridge, password: "\${E2E_SMTP_PASSWORD}" }
    from: bridge@example.com
    to: [ops@example.com]
`;

const bodyOf = (request: { body: string }) => JSON.parse(request.body) as Record<string, any>;

/**
 * The daemon tells an admin: a connector whose platform refuses its credentials reaches a signed
 * webhook, a Slack-compatible channel and an e-mail inbox within its first run, and its recovery
 * follows; a receiver that fails gets the alert again later, once.
 */
describe('alerts from the daemon', () => {
  const dir = tempDir();
  const webhook = new AlertReceiver();
  const slack = new AlertReceiver();
  const mails: ReceivedMail[] = [];
  let smtp: SMTPServer;
  let simulator: ChatHubSimulator;
  let daemon: DaemonProcess;
  let admin: AdminClient;

  beforeAll(async () => {
    const webhookUrl = await webhook.start();
    const slackUrl = `${await slack.start()}${SLACK_PATH}`;
    // Slack's first answer is a failure: the alert must come again later, and only once.
    slack.answerNext(500);
    const started = await startSmtp(mails);
    smtp = started.server;
    // Every call is refused as if the company token had been revoked: bad credentials.
    ({ simulator, daemon } = await startAlertingChatHub({
      dir,
      adminToken: ADMIN_TOKEN,
      companyToken: CHATHUB_TOKEN,
      failWith: 401,
      alertsYaml: alertsYaml(webhookUrl, slackUrl, started.port),
      env: { E2E_ALERT_SECRET: ALERT_SECRET, E2E_SLACK_URL: slackUrl, E2E_SMTP_PASSWORD: SMTP_PASSWORD },
    }));
    admin = new AdminClient(daemon.url, ADMIN_TOKEN);
  });

  afterAll(async () => {
    await daemon?.stop();
    await simulator?.stop();
    await webhook.stop();
    await slack.stop();
    await new Promise<void>((done) => (smtp ? smtp.close(() => done()) : done()));
  });

  const accepted = (receiver: AlertReceiver, event: string) =>
    receiver.accepted.filter((request) => bodyOf(request).event === event);
  const acceptedSlack = (event: string) =>
    slack.accepted.filter((request) => String(bodyOf(request).text).includes(`] ${event} · chathub`));

  it('should deliver connector.bad_credentials to the webhook, signed, from the start-up run', async () => {
    const [request] = await waitFor(
      () => {
        const found = accepted(webhook, 'connector.bad_credentials');
        return found.length > 0 ? found : undefined;
      },
      'the bad-credentials alert at the webhook',
      DEADLINE_MS,
    );
    const { body } = await admin.get('/api/runs?connectorId=chathub');
    expect(body.items).toEqual([expect.objectContaining({ trigger: 'startup', outcome: 'failed' })]);
    expect(request.path).toBe('/hooks/chat-bridge');
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(verifySignature(ALERT_SECRET, request.body, request.headers['x-bridge-signature'] as string)).toBe(
      true,
    );
    expect(
      verifySignature('another-secret', request.body, request.headers['x-bridge-signature'] as string),
    ).toBe(false);
    expect(bodyOf(request)).toMatchObject({
      event: 'connector.bad_credentials',
      connectorId: 'chathub',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      message: expect.stringContaining('refused its credentials'),
      details: {
        health: 'bad_credentials',
        previousHealth: null,
        error: expect.stringContaining('AUTH_FAILED'),
      },
    });
  });

  it('should send the Slack sink {text} again after it answered 500', async () => {
    const [request] = await waitFor(
      () => {
        const found = acceptedSlack('connector.bad_credentials');
        return found.length > 0 ? found : undefined;
      },
      'the bad-credentials alert accepted by Slack',
      DEADLINE_MS,
    );
    expect(Object.keys(bodyOf(request))).toEqual(['text']);
    expect(slack.requests[0].status).toBe(500);
    expect(slack.requests[0].body).toBe(request.body);
    expect(request.path).toBe(SLACK_PATH);
  });

  it('should e-mail the alert through SMTP with the configured login', async () => {
    const mail = await waitFor(
      () => mails.find((m) => m.raw.includes('connector.bad_credentials: chathub')),
      'the bad-credentials e-mail',
      DEADLINE_MS,
    );
    expect({ user: mail.user, password: mail.password }).toEqual({ user: 'bridge', password: SMTP_PASSWORD });
    expect(mail.raw).toMatch(/^To: ops@example\.com/m);
    expect(mail.raw).toMatch(/^From: bridge@example\.com/m);
    expect(mail.raw).toContain('refused its credentials');
  });

  it('should deliver connector.recovered after the platform heals and a run succeeds', async () => {
    simulator.clearFaults();
    const { status, body } = await admin.post('/api/connectors/chathub/reconcile');
    expect({ status, outcome: body.outcome }).toEqual({ status: 200, outcome: 'ok' });

    const [request] = await waitFor(
      () => {
        const found = accepted(webhook, 'connector.recovered');
        return found.length > 0 ? found : undefined;
      },
      'the recovery alert at the webhook',
      DEADLINE_MS,
    );
    expect(verifySignature(ALERT_SECRET, request.body, request.headers['x-bridge-signature'] as string)).toBe(
      true,
    );
    expect(bodyOf(request)).toMatchObject({
      connectorId: 'chathub',
      details: { previousHealth: 'bad_credentials', health: 'healthy' },
    });
  });

  it('should have sent each alert once per sink, the refused one included', async () => {
    await waitFor(
      () => (acceptedSlack('connector.recovered').length > 0 ? true : undefined),
      'the recovery at Slack',
      DEADLINE_MS,
    );
    expect(accepted(webhook, 'connector.bad_credentials')).toHaveLength(1);
    expect(acceptedSlack('connector.bad_credentials')).toHaveLength(1);
    expect(mails.filter((m) => m.raw.includes('connector.bad_credentials: chathub'))).toHaveLength(1);
    const metrics = await (await fetch(`${daemon.url}/metrics`)).text();
    expect(metrics).toMatch(
      /chat_bridge_alerts_total\{sink="slack",event="connector.bad_credentials",outcome="retry"\} 1/,
    );
    expect(metrics).toMatch(
      /chat_bridge_alerts_total\{sink="webhook",event="connector.recovered",outcome="sent"\} 1/,
    );
  });

  it('should keep the alert secret, the Slack URL and the SMTP password out of logs, API and database', async () => {
    const secrets = [ALERT_SECRET, SLACK_PATH.split('/').pop() as string, SMTP_PASSWORD];
    const readable = [
      daemon.logs,
      JSON.stringify((await admin.get('/api/connectors')).body),
      JSON.stringify((await admin.get('/api/runs')).body),
      ...['bridge.sqlite', 'bridge.sqlite-wal']
        .map((file) => join(dir, file))
        .filter((path) => existsSync(path))
        .map((path) => readFileSync(path).toString('latin1')),
    ];
    for (const secret of secrets) {
      expect(readable.filter((text) => text.includes(secret))).toEqual([]);
    }
  });
});
