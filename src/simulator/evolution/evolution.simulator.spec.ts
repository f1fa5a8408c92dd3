import { ChatwootSimulator } from '@app/simulator/chatwoot/chatwoot.simulator';
import { seedReopenScenario } from '@app/simulator/evolution/evolution-reopen.scenario';
import { EvolutionSimulator } from '@app/simulator/evolution/evolution.simulator';
import { EVOLUTION_ROUTES } from '@app/simulator/evolution/evolution.types';

const KEY = 'global-key';
const SETTINGS = {
  enabled: true,
  accountId: '1',
  token: 'cw-token',
  url: 'https://chatwoot.example.com',
  signMsg: false,
  reopenConversation: true,
  conversationPending: true,
};

describe(EvolutionSimulator.name, () => {
  let chatwoot: ChatwootSimulator;
  let sut: EvolutionSimulator;

  const call = async (method: string, path: string, body?: unknown, apikey = KEY) => {
    const response = await fetch(`${sut.baseUrl}${path}`, {
      method,
      headers: { apikey, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeEach(async () => {
    chatwoot = new ChatwootSimulator({ adminToken: 'admin-token' });
    sut = new EvolutionSimulator({ apiKey: KEY, chatwoot });
    await sut.start();
  });

  afterEach(async () => {
    await sut.stop();
    await chatwoot.stop();
  });

  describe('HTTP', () => {
    beforeEach(() => {
      sut.seedInstance({ name: 'acme-wa', token: 'instance-token', chatwoot: SETTINGS });
      sut.seedInstance({ name: 'bare' });
    });

    it('should answer 401 when the apikey is neither the global key nor the instance token', async () => {
      expect((await call('GET', '/chatwoot/find/acme-wa', undefined, 'wrong')).status).toBe(401);
      expect((await call('GET', '/chatwoot/find/acme-wa', undefined, 'instance-token')).status).toBe(200);
    });

    it('should return the settings with webhook_url, or a disabled record for an instance without Chatwoot', async () => {
      expect((await call('GET', '/chatwoot/find/acme-wa')).body).toMatchObject({
        ...SETTINGS,
        nameInbox: 'acme-wa',
        webhook_url: `${sut.baseUrl}/chatwoot/webhook/acme-wa`,
      });
      expect((await call('GET', '/chatwoot/find/bare')).body).toMatchObject({ enabled: false, url: '' });
    });

    it('should answer 404 for an instance that does not exist', async () => {
      expect((await call('GET', '/chatwoot/find/ghost')).status).toBe(404);
    });

    it('should save what /chatwoot/set sends and refuse a body without the required fields', async () => {
      const saved = await call('POST', '/chatwoot/set/acme-wa', { ...SETTINGS, conversationPending: false });
      expect(saved.body.conversationPending).toBe(false);
      expect(sut.chatwootSettings('acme-wa')?.conversationPending).toBe(false);
      expect((await call('POST', '/chatwoot/set/acme-wa', { enabled: true })).status).toBe(400);
      expect(sut.validationErrors()[0]).toMatchObject({ routeKey: EVOLUTION_ROUTES.set });
    });

    it('should answer 503 LICENSE_REQUIRED until the licence is activated', async () => {
      sut.setLicenseRequired(true);
      expect(await call('GET', '/chatwoot/find/acme-wa')).toEqual({
        status: 503,
        body: expect.objectContaining({ code: 'LICENSE_REQUIRED' }),
      });
    });
  });

  describe('forwardCustomerMessage', () => {
    it('should switch a resolved conversation to pending before posting the message when conversationPending is on', async () => {
      // Deliveries are recorded only with a webhook configured; nothing listens there.
      chatwoot.setWebhook({ url: 'http://127.0.0.1:9/closed' });
      const scenario = seedReopenScenario(chatwoot, sut);
      const result = sut.forwardCustomerMessage({
        instance: scenario.instance,
        remoteJid: scenario.remoteJid,
        content: 'Oi, voltei',
      });
      expect(result).toEqual({
        conversationId: scenario.conversationId,
        status: 'pending',
        created: false,
        cache: 'miss',
      });
      expect(chatwoot.webhookDeliveries().map((d) => d.event)).toEqual([
        'conversation_status_changed',
        'conversation_updated',
        'message_created',
      ]);
      expect(chatwoot.conversation(scenario.conversationId)?.messages.at(-1)).toMatchObject({
        content: 'Oi, voltei',
        messageType: 'incoming',
      });
      await chatwoot.webhooksSettled();
    });

    it('should let Chatwoot reopen it as open when conversationPending is off and no bot is active', () => {
      const scenario = seedReopenScenario(chatwoot, sut);
      sut.seedInstance({
        name: scenario.instance,
        chatwoot: { ...SETTINGS, nameInbox: scenario.instance, conversationPending: false },
      });
      const result = sut.forwardCustomerMessage({
        instance: scenario.instance,
        remoteJid: scenario.remoteJid,
        content: 'x',
      });
      expect(result.status).toBe('open');
    });

    it('should change no status on a cache hit, leaving the reopen to Chatwoot', () => {
      const scenario = seedReopenScenario(chatwoot, sut);
      const result = sut.forwardCustomerMessage({
        instance: scenario.instance,
        remoteJid: scenario.remoteJid,
        content: 'x',
        cache: 'hit',
      });
      expect(result).toMatchObject({ status: 'open', cache: 'hit' });
    });

    it('should create a new pending conversation when reopenConversation is off and the last one is resolved', () => {
      const scenario = seedReopenScenario(chatwoot, sut);
      sut.seedInstance({
        name: scenario.instance,
        chatwoot: { ...SETTINGS, nameInbox: scenario.instance, reopenConversation: false },
      });
      const result = sut.forwardCustomerMessage({
        instance: scenario.instance,
        remoteJid: scenario.remoteJid,
        content: 'x',
      });
      expect(result).toMatchObject({ created: true, status: 'pending' });
      expect(result.conversationId).not.toBe(scenario.conversationId);
    });
  });

  it('should seed the reopen scenario with a resolved, answered conversation and conversationPending on', () => {
    const scenario = seedReopenScenario(chatwoot, sut);
    expect(chatwoot.conversation(scenario.conversationId)).toMatchObject({
      status: 'resolved',
      inboxId: scenario.inboxId,
      assigneeId: scenario.agentId,
      firstReplyCreatedAt: expect.any(Number),
    });
    expect(sut.chatwootSettings(scenario.instance)).toMatchObject({
      conversationPending: true,
      reopenConversation: true,
    });
  });
});
