import type { EvolutionOptions } from '@app/core/config.types';
import { type ChatwootAdapter, createChatwootAdapter } from '@app/platforms/chatwoot/chatwoot.adapter';
import {
  CHATWOOT_TEST,
  chatwootConfig,
  evolutionOptions,
  recordingContext,
} from '@app/platforms/chatwoot/testing/chatwoot.fixtures';
import { ChatwootSimulator, EVOLUTION_ROUTES, EvolutionSimulator } from '@app/simulator';

const INSTANCE_SETTINGS = {
  enabled: true,
  accountId: '1',
  token: 'evolution-chatwoot-token',
  url: 'https://chatwoot.example.com',
  signMsg: true,
  signDelimiter: '\n',
  reopenConversation: true,
  conversationPending: true,
  importContacts: true,
  ignoreJids: ['status@broadcast'],
};

describe('settings and diagnose', () => {
  let chatwoot: ChatwootSimulator;
  let evolution: EvolutionSimulator;
  let context: ReturnType<typeof recordingContext>;
  let sut: ChatwootAdapter;

  const build = (evo: Partial<EvolutionOptions> | undefined, inboxes: number[] = []) => {
    context = recordingContext();
    sut = createChatwootAdapter(
      chatwootConfig(chatwoot.baseUrl, {
        options: { inboxes, evolution: evo && evolutionOptions(evolution.baseUrl, evo) },
      }),
      context,
    );
  };

  beforeEach(async () => {
    chatwoot = new ChatwootSimulator({ adminToken: CHATWOOT_TEST.adminToken });
    evolution = new EvolutionSimulator({ apiKey: CHATWOOT_TEST.evolutionKey });
    await chatwoot.start();
    await evolution.start();
    evolution.seedInstance({ name: CHATWOOT_TEST.instance, chatwoot: INSTANCE_SETTINGS });
  });

  afterEach(async () => {
    const rejected = [...chatwoot.validationErrors(), ...evolution.validationErrors()];
    await sut.close();
    await Promise.all([chatwoot.stop(), evolution.stop()]);
    expect(rejected).toEqual([]);
  });

  describe('Evolution', () => {
    it('should set conversationPending false with every other field unchanged when enforce is on', async () => {
      build({ enforce: true });
      const changes = await sut.settings.enforce({ integrationAccounts: [], dryRun: false });
      expect(changes).toEqual([
        {
          operatorKey: null,
          field: 'evolution.conversationPending',
          before: true,
          after: false,
          outcome: 'applied',
        },
      ]);
      expect(evolution.requests(EVOLUTION_ROUTES.set)[0].body).toEqual({
        ...INSTANCE_SETTINGS,
        nameInbox: CHATWOOT_TEST.instance,
        mergeBrazilContacts: false,
        importMessages: false,
        daysLimitImportMessages: 0,
        autoCreate: false,
        conversationPending: false,
      });
      expect(context.secrets).toContain(INSTANCE_SETTINGS.token);
    });

    it('should find nothing to do on the second run when the first one applied the setting', async () => {
      build({ enforce: true });
      await sut.settings.enforce({ integrationAccounts: [], dryRun: false });
      evolution.resetCounters();
      expect(await sut.settings.enforce({ integrationAccounts: [], dryRun: false })).toEqual([]);
      expect(evolution.writeCalls()).toBe(0);
    });

    it('should report the setting as planned and change nothing when enforce is off', async () => {
      build({ enforce: false });
      const changes = await sut.settings.enforce({ integrationAccounts: [], dryRun: false });
      expect(changes).toEqual([
        expect.objectContaining({ field: 'evolution.conversationPending', outcome: 'planned' }),
      ]);
      expect(evolution.writeCalls()).toBe(0);
    });

    it('should only plan when the run is a dry run even with enforce on', async () => {
      build({ enforce: true });
      const changes = await sut.settings.enforce({ integrationAccounts: [], dryRun: true });
      expect(changes.map((c) => c.outcome)).toEqual(['planned']);
      expect(evolution.writeCalls()).toBe(0);
    });

    it('should enforce reopenConversation true as well when it is off', async () => {
      evolution.seedInstance({
        name: CHATWOOT_TEST.instance,
        chatwoot: { ...INSTANCE_SETTINGS, reopenConversation: false },
      });
      build({ enforce: true });
      const changes = await sut.settings.enforce({ integrationAccounts: [], dryRun: false });
      expect(changes.map((c) => [c.field, c.outcome])).toEqual([
        ['evolution.conversationPending', 'applied'],
        ['evolution.reopenConversation', 'applied'],
      ]);
      expect(evolution.chatwootSettings(CHATWOOT_TEST.instance)).toMatchObject({
        conversationPending: false,
        reopenConversation: true,
      });
    });

    it('should report a failed change, not fail the run, when Evolution answers 503 LICENSE_REQUIRED', async () => {
      evolution.setLicenseRequired(true);
      build({ enforce: true });
      const [change] = await sut.settings.enforce({ integrationAccounts: [], dryRun: false });
      expect(change).toMatchObject({ outcome: 'failed', error: expect.stringContaining('LICENSE_REQUIRED') });
    });
  });

  describe('integration accounts', () => {
    it('should hold an integration account offline and out of auto-offline', async () => {
      build(undefined);
      const api = chatwoot.seedAgent({
        name: 'API',
        email: 'api@example.com',
        availability: 'online',
        autoOffline: true,
        presence: true,
      });
      const account = {
        key: 'api',
        name: 'API',
        email: 'api@example.com',
        role: 'integration' as const,
        status: 'active' as const,
      };
      const params = {
        integrationAccounts: [{ operator: account, remoteId: String(api.id) }],
        dryRun: false,
      };
      expect(await sut.settings.enforce(params)).toEqual([
        expect.objectContaining({ operatorKey: 'api', field: 'availability', outcome: 'applied' }),
      ]);
      expect(chatwoot.agent(api.id)).toMatchObject({ availability: 'offline', autoOffline: false });
      expect(await sut.settings.enforce(params)).toEqual([]);
    });
  });

  describe('diagnose', () => {
    it('should report conversationPending with the exact Evolution call that fixes it', async () => {
      build({});
      const [finding] = await sut.diagnose();
      expect(finding.severity).toBe('error');
      expect(finding.message).toContain('conversationPending: true');
      expect(finding.fix).toContain(`POST ${evolution.baseUrl}/chatwoot/set/${CHATWOOT_TEST.instance}`);
    });

    it('should report an agent bot on a configured inbox and a configured inbox that does not exist', async () => {
      const inbox = chatwoot.seedInbox({ name: 'acme-wa', agentBot: { name: 'Triage' } });
      const clean = chatwoot.seedInbox({ name: 'web' });
      build(undefined, [inbox.id, clean.id, 99]);
      const findings = await sut.diagnose();
      expect(findings.map((f) => [f.severity, f.message])).toEqual([
        ['warning', expect.stringContaining(`inbox ${inbox.id} has the agent bot "Triage"`)],
        ['error', 'Chatwoot inbox 99 does not exist in account 1'],
      ]);
      expect(findings[0].fix).toContain('remove it from the inbox');
    });

    it('should report LICENSE_REQUIRED as its own finding', async () => {
      evolution.setLicenseRequired(true);
      build({});
      expect(await sut.diagnose()).toEqual([
        expect.objectContaining({
          severity: 'error',
          message: expect.stringContaining('503 LICENSE_REQUIRED'),
        }),
      ]);
    });

    it('should find nothing when Evolution and the inboxes are set right', async () => {
      evolution.seedInstance({
        name: CHATWOOT_TEST.instance,
        chatwoot: { ...INSTANCE_SETTINGS, conversationPending: false },
      });
      const inbox = chatwoot.seedInbox({ name: 'acme-wa' });
      build({}, [inbox.id]);
      expect(await sut.diagnose()).toEqual([]);
    });
  });
});
