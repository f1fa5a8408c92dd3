import { verifySignature } from '@app/alerts/alert-payload';
import { AlertReceiver } from '@app/alerts/testing/alert-receiver';
import type { ChatHubSimulator } from '@app/simulator';

import { startAlertingChatHub } from './support/alerting-chathub';
import { type DaemonProcess, tempDir, waitFor } from './support/daemon-process';

const ADMIN_TOKEN = 'e2e-admin-token-degraded-0123';
const CHATHUB_TOKEN = 'e2e-chathub-company-token-degraded';
const ALERT_SECRET = 'e2e-alert-hmac-secret-degraded';
// The client's retries of a 5xx wait first; a busy machine adds its own delays.
const DEADLINE_MS = 90_000;

/**
 * A platform that fails (503 on every call, as an overloaded ChatHub would) degrades its connector
 * in the daemon's first run, and that reaches a loopback webhook receiver, signed.
 */
describe('alert of a degraded connector', () => {
  const dir = tempDir();
  const receiver = new AlertReceiver();
  let simulator: ChatHubSimulator;
  let daemon: DaemonProcess;

  beforeAll(async () => {
    const url = await receiver.start();
    ({ simulator, daemon } = await startAlertingChatHub({
      dir,
      adminToken: ADMIN_TOKEN,
      companyToken: CHATHUB_TOKEN,
      failWith: 503,
      alertsYaml: `
alerts:
  - type: webhook
    url: ${url}/hooks/chat-bridge
    secret: "\${E2E_ALERT_SECRET}"
`,
      env: { E2E_ALERT_SECRET: ALERT_SECRET },
    }));
  });

  afterAll(async () => {
    await daemon?.stop();
    await simulator?.stop();
    await receiver.stop();
  });

  it('should deliver connector.degraded, signed, from the start-up run', async () => {
    const [request] = await waitFor(
      () => {
        const found = receiver.accepted.filter(
          (r) => (JSON.parse(r.body) as { event: string }).event === 'connector.degraded',
        );
        return found.length > 0 ? found : undefined;
      },
      'the degraded alert at the webhook',
      DEADLINE_MS,
    );

    expect(verifySignature(ALERT_SECRET, request.body, request.headers['x-bridge-signature'] as string)).toBe(
      true,
    );
    expect(JSON.parse(request.body)).toMatchObject({
      event: 'connector.degraded',
      connectorId: 'chathub',
      details: { health: 'degraded', error: expect.stringContaining('503') },
    });
  });
});
