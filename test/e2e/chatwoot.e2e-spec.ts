import { createHmac } from 'node:crypto';
import { join } from 'node:path';

import {
  CHATWOOT_SIM_ROUTES,
  ChatwootSimulator,
  EvolutionSimulator,
  LiveHelperChatSimulator,
  seedAssignableApiUserScenario,
  seedReopenScenario,
} from '@app/simulator';

import { AdminClient } from './support/admin-client';
import { DaemonProcess, freePort, runCli, tempDir, waitFor, writeConfig } from './support/daemon-process';

const ADMIN_TOKEN = 'e2e-admin-token-chatwoot-00';
const CW_TOKEN = 'e2e-chatwoot-admin-token';
const CW_SECRET = 'e2e-chatwoot-webhook-secret';
const EVO_KEY = 'e2e-evolution-api-key';
const LHC_KEY = 'e2e-lhc-api-key-for-chatwoot';

const ENV = {
  E2E_ADMIN_TOKEN: ADMIN_TOKEN,
  E2E_CW_TOKEN: CW_TOKEN,
  E2E_CW_SECRET: CW_SECRET,
  E2E_EVO_KEY: EVO_KEY,
  E2E_LHC_KEY: LHC_KEY,
};

const bridgeYaml = (
  dir: string,
  urls: { chatwoot: string; evolution: string; lhc: string },
  inboxId: number,
  departments: number[],
) => `
server: { adminToken: "\${E2E_ADMIN_TOKEN}" }
database: { url: "sqlite:${join(dir, 'bridge.sqlite')}" }
directory:
  roster:
    - { key: anna, name: Anna Kovalenko, email: anna@example.com }
    - { key: john, name: John Smith, email: john@example.com }
availability: { propagate: unavailable }
connectors:
  - id: chatwoot
    type: chatwoot
    baseUrl: ${urls.chatwoot}
    schedule: 1h
    auth: { apiAccessToken: "\${E2E_CW_TOKEN}" }
    webhook: { secret: "\${E2E_CW_SECRET}" }
    options:
      accountId: 1
      inboxes: [${inboxId}]
      evolution: { baseUrl: "${urls.evolution}", apiKey: "\${E2E_EVO_KEY}", instance: acme-wa, enforce: false }
  - id: lhc
    type: livehelperchat
    baseUrl: ${urls.lhc}
    schedule: 1h
    auth: { username: bridge, apiKey: "\${E2E_LHC_KEY}" }
    webhook: { insecure: true }
    options: { departments: [${departments.join(', ')}], userGroups: [1] }
`;

describe('daemon against the Chatwoot and Evolution simulators', () => {
  let chatwoot: ChatwootSimulator;
  let evolution: EvolutionSimulator;
  let lhc: LiveHelperChatSimulator;
  let daemon: DaemonProcess;
  let admin: AdminClient;
  let scenario: ReturnType<typeof seedReopenScenario>;
  let lhcIds: ReturnType<typeof seedAssignableApiUserScenario>;
  let config: string;

  const signedPost = (body: string, timestamp: number, secret = CW_SECRET) =>
    fetch(`${daemon.url}/webhooks/chatwoot`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-chatwoot-timestamp': String(timestamp),
        'x-chatwoot-signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
        'x-chatwoot-delivery': `forged-${timestamp}`,
      },
      body,
    });
  const eventCount = async () =>
    (await admin.get('/api/events?connectorId=chatwoot&limit=1000')).body.items.length as number;
  const toggles = () => chatwoot.calls(CHATWOOT_SIM_ROUTES.toggleStatus);
  /**
   * Nothing left in flight: every Chatwoot delivery answered, every event the daemon stored for it
   * processed (none pending or due for a retry), and no delivery caused by that processing; the
   * proof that no further call is coming, however slow the machine.
   */
  const quiescent = () =>
    waitFor(async () => {
      await chatwoot.webhooksSettled();
      const delivered = chatwoot.webhookDeliveries().length;
      const { body } = await admin.get('/api/events?connectorId=chatwoot&limit=1000');
      const busy = (body.items as Array<{ state: string }>).some(
        (e) => e.state === 'pending' || e.state === 'failed',
      );
      await chatwoot.webhooksSettled();
      return !busy && chatwoot.webhookDeliveries().length === delivered ? true : undefined;
    }, 'Chatwoot deliveries and the daemon inbox to settle');

  beforeAll(async () => {
    chatwoot = new ChatwootSimulator({ adminToken: CW_TOKEN });
    evolution = new EvolutionSimulator({ apiKey: EVO_KEY, chatwoot });
    lhc = new LiveHelperChatSimulator();
    await Promise.all([chatwoot.start(), evolution.start(), lhc.start()]);
    scenario = seedReopenScenario(chatwoot, evolution);
    chatwoot.seedAgent({
      name: 'John Smith',
      email: 'john@example.com',
      availability: 'online',
      autoOffline: false,
    });
    lhcIds = seedAssignableApiUserScenario(lhc, { serviceUsername: 'bridge', apiKey: LHC_KEY });
    const dir = tempDir();
    config = writeConfig(
      dir,
      bridgeYaml(
        dir,
        { chatwoot: chatwoot.baseUrl, evolution: evolution.baseUrl, lhc: lhc.baseUrl },
        scenario.inboxId,
        lhcIds.departmentIds,
      ),
    );
    daemon = new DaemonProcess(await freePort(), { BRIDGE_CONFIG: config, ...ENV });
    await daemon.start();
    admin = new AdminClient(daemon.url, ADMIN_TOKEN);
    chatwoot.setWebhook({ url: `${daemon.url}/webhooks/chatwoot`, secret: CW_SECRET });
    lhc.configureWebhooks({ url: `${daemon.url}/webhooks/lhc` });
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
    await Promise.all([chatwoot?.stop(), evolution?.stop(), lhc?.stop()]);
  });

  it('should open a resolved conversation the customer reopened through Evolution, with exactly one toggle_status', async () => {
    const before = toggles();
    const forwarded = evolution.forwardCustomerMessage({
      instance: scenario.instance,
      remoteJid: scenario.remoteJid,
      content: 'Oi, de novo!',
    });
    expect(forwarded.status).toBe('pending');
    await waitFor(
      () => (chatwoot.conversation(scenario.conversationId)?.status === 'open' ? true : undefined),
      'the conversation to be open',
    );
    await quiescent();
    expect(toggles() - before).toBe(1);
    expect(chatwoot.validationErrors()).toEqual([]);
    // The toggle is a run of kind `conversation`, with the write as its change.
    const { body } = await admin.get('/api/runs?connectorId=chatwoot&kind=conversation&limit=5');
    expect(body.items[0]).toMatchObject({
      kind: 'conversation',
      trigger: 'event',
      outcome: 'ok',
      changes: [expect.objectContaining({ field: 'conversation.status', outcome: 'applied' })],
    });
  });

  it('should refuse forged and stale signatures with no side effect', async () => {
    const before = await eventCount();
    const body = JSON.stringify({
      event: 'conversation_status_changed',
      id: scenario.conversationId,
      status: 'pending',
      inbox_id: scenario.inboxId,
    });
    const now = Math.floor(Date.now() / 1000);
    expect((await signedPost(body, now, 'not-the-secret')).status).toBe(401);
    expect((await signedPost(body, now - 3600)).status).toBe(401);
    expect(await eventCount()).toBe(before);
  });

  it('should repair in the scheduled sweep a conversation whose webhooks were lost', async () => {
    const jid = '5511888880000@s.whatsapp.net';
    const lost = chatwoot.seedConversation({
      inboxId: scenario.inboxId,
      status: 'resolved',
      contact: { name: 'Joao', identifier: jid, phoneNumber: '+5511888880000' },
      assigneeId: scenario.agentId,
      messages: [
        { content: 'Meu boleto?', messageType: 'incoming' },
        { content: 'Enviado por e-mail.', messageType: 'outgoing' },
      ],
    });
    chatwoot.loseWebhooks(10);
    evolution.forwardCustomerMessage({ instance: scenario.instance, remoteJid: jid, content: 'Não chegou' });
    expect(chatwoot.conversation(lost.id)?.status).toBe('pending');
    const { body: run } = await admin.post('/api/connectors/chatwoot/reconcile');
    expect(run.changes).toContainEqual(
      expect.objectContaining({ field: 'conversation.status', outcome: 'applied' }),
    );
    expect(chatwoot.conversation(lost.id)?.status).toBe('open');
  });

  it('should carry an agent going offline in LHC to Chatwoot, without an echo loop', async () => {
    const john = chatwoot.agentByEmail('john@example.com')!;
    const patchesOfJohn = () =>
      chatwoot.requests(CHATWOOT_SIM_ROUTES.updateAgent).filter((r) => r.path.endsWith(`/agents/${john.id}`))
        .length;
    await lhc.operatorSetsOnline(lhcIds.humanUserId, false);
    await waitFor(
      () => (chatwoot.agentByEmail('john@example.com')?.availability === 'offline' ? true : undefined),
      'Chatwoot to show John offline',
    );
    const patches = patchesOfJohn();
    const lhcWrites = lhc.writeCalls();
    // The push is audited: a run of kind `availability` on the connector written to.
    const { body: pushes } = await admin.get('/api/runs?connectorId=chatwoot&kind=availability&limit=5');
    expect(pushes.items[0]).toMatchObject({
      kind: 'availability',
      outcome: 'ok',
      changes: [expect.objectContaining({ field: 'availability', after: 'offline', outcome: 'applied' })],
    });
    // The next poll of Chatwoot reads back our own write: an echo, not news for LHC.
    await admin.post('/api/connectors/chatwoot/reconcile');
    await admin.post('/api/connectors/lhc/reconcile');
    expect(patchesOfJohn()).toBe(patches);
    expect(lhc.writeCalls()).toBe(lhcWrites);
  });

  it('should name both causes and their fixes in doctor when Evolution and the inbox are misconfigured', async () => {
    chatwoot.setInboxBot(scenario.inboxId, { name: 'Captain', active: true });
    const { code, stdout } = await runCli(['doctor', '--config', config], ENV);
    expect(code).toBe(1);
    expect(stdout).toMatch(/conversationPending/);
    expect(stdout).toMatch(/bot/i);
    expect(stdout.match(/fix:/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(stdout).not.toContain(EVO_KEY);
  });
});
