import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  LhcWebhookSender,
  LiveHelperChatSimulator,
  TencentChatSimulator,
  seedAssignableApiUserScenario,
} from '@app/simulator';

import { AdminClient } from './support/admin-client';
import { DaemonProcess, freePort, tempDir, waitFor, writeConfig } from './support/daemon-process';

const ADMIN_TOKEN = 'e2e-admin-token-lhc-0000';
const API_KEY = 'e2e-lhc-api-key-0123456789';
const WEBHOOK_SECRET = 'e2e-lhc-webhook-secret';
const SDK_APP_ID = 1400000077;
const TENCENT_KEY = 'e2e-tencent-key-for-lhc-test';

const bridgeYaml = (dir: string, lhcUrl: string, tencentUrl: string, departments: number[]) => `
server: { adminToken: "\${E2E_ADMIN_TOKEN}" }
database: { url: "sqlite:${join(dir, 'bridge.sqlite')}" }
directory:
  roster:
    - { key: john, name: John Smith, email: john@example.com }
    - { key: api, name: Integration API user, email: api@example.com, role: integration }
availability: { propagate: unavailable }
connectors:
  - id: lhc
    type: livehelperchat
    baseUrl: ${lhcUrl}/index.php
    schedule: 1h
    auth: { username: bridge, apiKey: "\${E2E_LHC_KEY}" }
    webhook: { secret: "\${E2E_LHC_SECRET}" }
    options: { departments: [${departments.join(', ')}], userGroups: [1] }
  - id: tencent
    type: tencent-chat
    baseUrl: ${tencentUrl}
    schedule: 1h
    auth: { sdkAppId: ${SDK_APP_ID}, identifier: administrator, secretKey: "\${E2E_TENCENT_KEY}" }
    webhook: { insecure: true }
    options: { userIdPrefix: "op_", desk: true }
`;

describe('daemon against the LiveHelperChat simulator', () => {
  let lhc: LiveHelperChatSimulator;
  let tencent: TencentChatSimulator;
  let daemon: DaemonProcess;
  let admin: AdminClient;
  let ids: ReturnType<typeof seedAssignableApiUserScenario>;
  let dir: string;

  const webhook = (query = '', headers: Record<string, string> = {}, body = '{}') =>
    fetch(`${daemon.url}/webhooks/lhc${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const eventCount = async () =>
    (await admin.get('/api/events?connectorId=lhc&limit=1000')).body.items.length as number;

  beforeAll(async () => {
    lhc = new LiveHelperChatSimulator();
    ids = seedAssignableApiUserScenario(lhc, { serviceUsername: 'bridge', apiKey: API_KEY });
    tencent = new TencentChatSimulator({ sdkAppId: SDK_APP_ID, secretKey: TENCENT_KEY, desk: true });
    tencent.seed({ deskMembers: [{ email: 'john@example.com', status: 'STATUS_FREE' }] });
    await Promise.all([lhc.start(), tencent.start()]);
    tencent.seed({ accounts: [{ userId: 'op_john', nick: 'John Smith', state: 'Online' }] });
    dir = tempDir();
    const config = writeConfig(dir, bridgeYaml(dir, lhc.baseUrl, tencent.baseUrl, ids.departmentIds));
    daemon = new DaemonProcess(await freePort(), {
      BRIDGE_CONFIG: config,
      E2E_ADMIN_TOKEN: ADMIN_TOKEN,
      E2E_LHC_KEY: API_KEY,
      E2E_LHC_SECRET: WEBHOOK_SECRET,
      E2E_TENCENT_KEY: TENCENT_KEY,
    });
    await daemon.start();
    admin = new AdminClient(daemon.url, ADMIN_TOKEN);
    lhc.configureWebhooks({ url: `${daemon.url}/webhooks/lhc`, secret: WEBHOOK_SECRET });
    await waitFor(async () => {
      const { body } = await admin.get('/api/runs?limit=20');
      const done = body.items.filter(
        (r: { trigger: string; outcome: string }) => r.trigger === 'startup' && r.outcome !== 'running',
      );
      return done.length >= 2 ? done : undefined;
    }, 'both start-up runs');
  });

  afterAll(async () => {
    await daemon?.stop();
    await Promise.all([lhc?.stop(), tencent?.stop()]);
  });

  it('should end with the integration account excluded in every per-department row, and offline', () => {
    const rows = lhc.departmentRows(ids.apiUserId);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.exclude_autoasign === 1 && row.hide_online === 1)).toBe(true);
    expect(lhc.user(ids.apiUserId)).toEqual(
      expect.objectContaining({ exclude_autoasign: 1, hide_online: 1 }),
    );
  });

  it('should carry a human operator going offline in LHC to Tencent Desk', async () => {
    await lhc.operatorSetsOnline(ids.humanUserId, false);
    await waitFor(
      () => (tencent.deskMember('john@example.com')?.status === 'STATUS_NOT_READY' ? true : undefined),
      'Desk to mark John not ready',
    );
  });

  it('should leave a new chat unassigned rather than hand it to the excluded integration account when no human is online', async () => {
    const chatId = lhc.startChat(ids.departmentIds[0]);
    await lhc.autoAssign(chatId);
    expect(lhc.chat(chatId)?.user_id).not.toBe(ids.apiUserId);
  });

  it('should hand back a chat that still landed on the integration account, and audit it', async () => {
    lhc.seed({
      chats: [{ id: 9001, depId: ids.departmentIds[0], nick: 'Visitor', status: 1, userId: ids.apiUserId }],
    });
    const sender = new LhcWebhookSender({ url: `${daemon.url}/webhooks/lhc`, secret: WEBHOOK_SECRET });
    const reply = await sender.autoAssigned({
      chatId: 9001,
      userId: ids.apiUserId,
      depId: ids.departmentIds[0],
      tslasign: Math.floor(Date.now() / 1000),
    });
    expect(reply.status).toBe(200);
    // An empty answer: LHC saves any other into the visitor's chat unless "Do not save response".
    expect(reply.body).toBe('');
    await waitFor(() => (lhc.chat(9001)?.status === 0 ? true : undefined), 'the chat to be pending again');
    // The hand-back is a run of its own kind, under LHC's lock: the exclusion re-sent with the
    // departments (REST cannot show whether the rows still hold it), then the chat handed back.
    const { body } = await admin.get('/api/runs?connectorId=lhc&kind=chat-release&limit=20');
    expect(body.items).toContainEqual(
      expect.objectContaining({
        kind: 'chat-release',
        trigger: 'event',
        outcome: 'ok',
        changes: [
          expect.objectContaining({
            field: 'exclude_autoasign@departments',
            operatorKey: 'api',
            outcome: 'applied',
          }),
          expect.objectContaining({ field: 'chat.owner', operatorKey: 'api', outcome: 'applied' }),
        ],
      }),
    );
  });

  it('should refuse a webhook without the shared secret, or with a wrong one, and store nothing', async () => {
    const before = await eventCount();
    expect((await webhook()).status).toBe(401);
    expect((await webhook('', { 'x-bridge-secret': 'wrong' })).status).toBe(401);
    expect((await webhook('?secret=wrong')).status).toBe(401);
    expect(await eventCount()).toBe(before);
  });

  it('should warn at start about a connector that accepts webhooks without a secret', () => {
    expect(daemon.logs).toMatch(/connectors\[tencent\]\.webhook\.insecure \(line \d+:\d+\): is true/);
  });

  it('should keep the password hash out of every log line, database row and API response', async () => {
    const hash = lhc.user(ids.apiUserId)!.password;
    expect(hash.length).toBeGreaterThan(10);
    const responses = await Promise.all(
      ['/api/operators', '/api/runs?limit=1000', '/api/events?limit=1000', '/api/connectors'].map((p) =>
        admin.get(p),
      ),
    );
    expect(JSON.stringify(responses.map((r) => r.body))).not.toContain(hash);
    expect(daemon.logs).not.toContain(hash);
    expect(readFileSync(join(dir, 'bridge.sqlite')).toString('latin1')).not.toContain(hash);
    expect(daemon.logs).not.toContain(API_KEY);
  });
});
