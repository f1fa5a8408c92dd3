import type { DesiredOperator } from '@app/directory/operator.types';
import { type ChatwootAdapter, createChatwootAdapter } from '@app/platforms/chatwoot/chatwoot.adapter';
import {
  CHATWOOT_TEST,
  chatwootConfig,
  recordingContext,
} from '@app/platforms/chatwoot/testing/chatwoot.fixtures';
import { PlatformErrorCode } from '@app/platforms/platform-error';
import { planLinkSnapshots } from '@app/reconcile/link-snapshots';
import { applyPlan } from '@app/reconcile/plan-applier';
import { planOperatorChanges } from '@app/reconcile/plan-operator-changes';
import { CHATWOOT_SIM_ROUTES as R, ChatwootSimulator, type ChatwootSimulatorOptions } from '@app/simulator';

const operator = (key: string, overrides: Partial<DesiredOperator> = {}): DesiredOperator => ({
  key,
  name: `Name ${key}`,
  email: `${key}@example.com`,
  role: 'agent',
  status: 'active',
  ...overrides,
});

describe('ChatwootAdapter', () => {
  let sim: ChatwootSimulator;
  let sut: ChatwootAdapter;

  const start = async (options: ChatwootSimulatorOptions = {}, token: string = CHATWOOT_TEST.adminToken) => {
    sim = new ChatwootSimulator({ adminToken: CHATWOOT_TEST.adminToken, ...options });
    await sim.start();
    sut = createChatwootAdapter(
      chatwootConfig(sim.baseUrl, { auth: { apiAccessToken: token } }),
      recordingContext(),
    );
  };

  afterEach(async () => {
    const rejected = sim.validationErrors();
    await sut.close();
    await sim.stop();
    expect(rejected).toEqual([]);
  });

  describe('operators', () => {
    beforeEach(() => start());

    it('should declare the Chatwoot model and capabilities', () => {
      expect([...sut.capabilities].sort()).toEqual([
        'availability.read',
        'availability.write',
        'conversations',
        'operators.read',
        'operators.write',
        'webhooks',
      ]);
      expect(sut.operatorModel).toEqual({
        matchBy: 'email',
        updatableFields: ['name'],
        statuses: ['active', 'inactive'],
        hardDelete: true,
        statusStored: false,
      });
    });

    it('should fail its connection check with CONFIG when the token belongs to an agent', async () => {
      const agent = sim.seedAgent({ name: 'Agent', email: 'agent@example.com', accessToken: 'agent-token' });
      const asAgent = createChatwootAdapter(
        chatwootConfig(sim.baseUrl, { auth: { apiAccessToken: agent.accessToken } }),
        recordingContext(),
      );
      await expect(asAgent.checkConnection()).rejects.toMatchObject({ code: PlatformErrorCode.CONFIG });
      await asAgent.close();
    });

    it('should create an agent offline, out of auto-offline, with role agent', async () => {
      const result = await sut.createOperators({
        operators: [operator('anna', { email: 'Anna@Example.com' })],
      });
      expect(result.failed).toEqual([]);
      expect(sim.requests(R.createAgent)[0].body).toEqual({
        name: 'Name anna',
        email: 'Anna@Example.com',
        role: 'agent',
        availability: 'offline',
        auto_offline: false,
      });
      expect(result.created[0].remote).toMatchObject({ email: 'anna@example.com', status: 'active' });
    });

    it('should reject a create with a seat-limit message, without retrying, when Chatwoot answers 402', async () => {
      await sim.stop();
      await start({ seatLimit: 1 });
      const result = await sut.createOperators({ operators: [operator('anna')] });
      expect(result.created).toEqual([]);
      expect(result.failed[0].error).toMatchObject({ code: PlatformErrorCode.REJECTED, status: 402 });
      expect(result.failed[0].error.message).toContain('no free agent seat');
      expect(sim.calls(R.createAgent)).toBe(1);
    });

    it('should link the existing agent when the e-mail already belongs to one', async () => {
      const existing = sim.seedAgent({ name: 'Anna', email: 'anna@example.com' });
      const result = await sut.createOperators({ operators: [operator('anna')] });
      expect(result.created[0].remote.remoteId).toBe(String(existing.id));
    });

    it('should send the current role with a rename and never availability_status', async () => {
      const admin = sim.seedAgent({ name: 'Boss', email: 'boss@example.com', role: 'administrator' });
      await sut.updateOperator({
        remoteId: String(admin.id),
        operator: operator('boss'),
        changes: { name: ' Big Boss ' },
      });
      expect(sim.requests(R.updateAgent)[0].body).toEqual({ name: 'Big Boss', role: 'administrator' });
      expect(sim.agent(admin.id)).toMatchObject({ name: 'Big Boss', role: 'administrator' });
    });

    it('should write nothing when an operator is reactivated', async () => {
      const agent = sim.seedAgent({ name: 'Anna', email: 'anna@example.com' });
      await sut.updateOperator({
        remoteId: String(agent.id),
        operator: operator('anna'),
        changes: { status: 'active' },
      });
      expect(sim.writeCalls()).toBe(0);
    });

    it('should treat a delete of a vanished agent as done', async () => {
      await expect(sut.deleteOperator({ remoteId: '4242' })).resolves.toBeUndefined();
    });
  });

  describe('roster inactive', () => {
    beforeEach(() => start());

    // One reconciliation as the engine runs it: list → plan → apply → remember in the links.
    const reconcile = async (
      desired: DesiredOperator[],
      links: Array<{
        operatorKey: string;
        remoteId: string;
        remoteStatus: 'active' | 'inactive' | 'deleted' | null;
      }>,
    ) => {
      const remote = await sut.listOperators({ candidates: desired, links });
      const plan = planOperatorChanges({
        desired,
        remote,
        links,
        model: sut.operatorModel,
        unmanaged: 'report',
        deletionThreshold: { kind: 'count', value: 10 },
        allowDeletes: false,
      });
      const applied = await applyPlan({
        adapter: sut,
        changes: plan.changes,
        desired: new Map(desired.map((d) => [d.key, d])),
        remote: new Map(remote.map((r) => [r.remoteId, r])),
      });
      const snapshots = planLinkSnapshots({
        connectorId: 'chatwoot',
        stored: [],
        remote,
        linked: applied.linked,
        applied: applied.appliedUpdates,
        now: new Date(),
      });
      const next = snapshots.upserts.map((u) => ({
        operatorKey: u.operatorKey,
        remoteId: u.remoteId,
        remoteStatus: u.remoteStatus ?? null,
      }));
      return { plan, links: next.length > 0 ? next : links };
    };

    it('should hold an inactive operator offline and plan zero writes on the second run', async () => {
      const agent = sim.seedAgent({
        name: 'Name anna',
        email: 'anna@example.com',
        availability: 'online',
        autoOffline: true,
        presence: true,
      });
      const desired = [operator('anna', { status: 'inactive' })];

      const first = await reconcile(desired, []);
      expect(first.plan.changes.map((c) => c.field ?? c.action)).toEqual(['link', 'status']);
      expect(sim.agent(agent.id)).toMatchObject({ availability: 'offline', autoOffline: false });

      sim.resetCounters();
      const second = await reconcile(desired, first.links);
      expect(second.plan.changes).toEqual([]);
      expect(sim.writeCalls()).toBe(0);
    });

    it('should hold a deleted operator offline when deletes are not allowed', async () => {
      const agent = sim.seedAgent({
        name: 'Name bob',
        email: 'bob@example.com',
        availability: 'busy',
        autoOffline: false,
      });
      await reconcile([operator('bob', { status: 'deleted' })], []);
      expect(sim.agent(agent.id)).toMatchObject({ availability: 'offline', autoOffline: false });
    });

    it('should deactivate again when someone brings a deactivated agent back online', async () => {
      const agent = sim.seedAgent({
        name: 'Name anna',
        email: 'anna@example.com',
        availability: 'offline',
        autoOffline: false,
      });
      const links = [{ operatorKey: 'anna', remoteId: String(agent.id), remoteStatus: 'inactive' as const }];
      sim.setAvailability(agent.id, 'online');
      const run = await reconcile([operator('anna', { status: 'inactive' })], links);
      expect(run.plan.changes).toEqual([expect.objectContaining({ field: 'status', after: 'inactive' })]);
      expect(sim.agent(agent.id)?.availability).toBe('offline');
    });
  });

  describe('availability', () => {
    beforeEach(() => start());

    it('should read availability_status and mark auto-offline offline as weak', async () => {
      const present = sim.seedAgent({
        name: 'A',
        email: 'a@example.com',
        availability: 'busy',
        autoOffline: true,
        presence: true,
      });
      const away = sim.seedAgent({
        name: 'B',
        email: 'b@example.com',
        availability: 'online',
        autoOffline: true,
      });
      const chosen = sim.seedAgent({
        name: 'C',
        email: 'c@example.com',
        availability: 'offline',
        autoOffline: false,
      });
      const readings = await sut.readAvailability({
        remoteIds: [present, away, chosen].map((a) => String(a.id)),
      });
      expect(readings).toEqual([
        { remoteId: String(present.id), availability: 'busy' },
        { remoteId: String(away.id), availability: 'offline', weak: true },
        { remoteId: String(chosen.id), availability: 'offline' },
      ]);
    });

    it('should write availability with auto_offline false and skip the write when already there', async () => {
      const agent = sim.seedAgent({
        name: 'A',
        email: 'a@example.com',
        availability: 'online',
        autoOffline: true,
      });
      await sut.setAvailability({
        remoteId: String(agent.id),
        operator: operator('a'),
        availability: 'busy',
      });
      expect(sim.requests(R.updateAgent)[0].body).toEqual({
        role: 'agent',
        availability: 'busy',
        auto_offline: false,
      });
      await sut.setAvailability({
        remoteId: String(agent.id),
        operator: operator('a'),
        availability: 'busy',
      });
      expect(sim.calls(R.updateAgent)).toBe(1);
    });

    it('should keep an inactive operator offline when asked to make it available', async () => {
      const agent = sim.seedAgent({
        name: 'A',
        email: 'a@example.com',
        availability: 'offline',
        autoOffline: false,
      });
      await sut.setAvailability({
        remoteId: String(agent.id),
        operator: operator('a', { status: 'inactive' }),
        availability: 'online',
      });
      expect(sim.agent(agent.id)?.availability).toBe('offline');
      expect(sim.writeCalls()).toBe(0);
    });
  });

  describe('conversations', () => {
    beforeEach(() => start());

    it('should list pending conversations of an inbox 25 per page, mapped for the reopen rule', async () => {
      const inbox = sim.seedInbox({ name: 'acme-wa' });
      const other = sim.seedInbox({ name: 'web' });
      const agent = sim.seedAgent({ name: 'Anna', email: 'anna@example.com', autoOffline: false });
      for (let i = 0; i < 26; i++) {
        sim.seedConversation({
          inboxId: inbox.id,
          status: 'pending',
          contact: { identifier: `${i}@s.whatsapp.net` },
        });
      }
      const answered = sim.seedConversation({
        inboxId: inbox.id,
        status: 'pending',
        assigneeId: agent.id,
        messages: [
          { content: 'hi', messageType: 'incoming' },
          { content: 'hello', messageType: 'outgoing' },
          { content: 'back again', messageType: 'incoming' },
        ],
      });
      sim.seedConversation({ inboxId: other.id, status: 'pending' });
      sim.seedConversation({ inboxId: inbox.id, status: 'open' });

      const pages = [1, 2, 3].map((page) =>
        sut.listConversations({ status: 'pending', inboxId: String(inbox.id), page }),
      );
      const [first, second, third] = await Promise.all(pages);
      expect([first.length, second.length, third.length]).toEqual([25, 2, 0]);
      expect([...first, ...second].find((c) => c.conversationId === String(answered.id))).toMatchObject({
        inboxId: String(inbox.id),
        status: 'pending',
        assigneeType: 'User',
        agentReplied: true,
        lastMessageIncoming: true,
      });
    });

    it('should open a conversation with toggle_status and an explicit status', async () => {
      const inbox = sim.seedInbox({ name: 'acme-wa' });
      const conversation = sim.seedConversation({ inboxId: inbox.id, status: 'pending' });
      await sut.setConversationStatus({ conversationId: String(conversation.id), status: 'open' });
      expect(sim.requests(R.toggleStatus)[0].body).toEqual({ status: 'open' });
      // An administrator's token never auto-assigns (§1.3 rule 4).
      expect(sim.conversation(conversation.id)).toMatchObject({ status: 'open', assigneeId: null });
    });

    it('should answer NOT_FOUND when the conversation does not exist', async () => {
      await expect(
        sut.setConversationStatus({ conversationId: '999', status: 'open' }),
      ).rejects.toMatchObject({
        code: PlatformErrorCode.NOT_FOUND,
      });
    });
  });
});
