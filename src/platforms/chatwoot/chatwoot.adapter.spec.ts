import type { DesiredOperator } from '@app/core/operator.types';
import { capabilitiesOf } from '@app/platforms/adapter-capabilities';
import { type ChatwootAdapter, createChatwootAdapter } from '@app/platforms/chatwoot/chatwoot.adapter';
import {
  chatwootConfig,
  recordingContext,
  useChatwootAdapter,
} from '@app/platforms/chatwoot/testing/chatwoot.fixtures';
import { PlatformErrorCode } from '@app/core/platform-error';
import { planLinkSnapshots } from '@app/reconcile/link-snapshots';
import { applyPlan } from '@app/reconcile/plan-applier';
import { planOperatorChanges } from '@app/reconcile/plan-operator-changes';
import { CHATWOOT_SIM_ROUTES as R } from '@app/simulator';

const operator = (key: string, overrides: Partial<DesiredOperator> = {}): DesiredOperator => ({
  key,
  name: `Name ${key}`,
  email: `${key}@example.com`,
  role: 'agent',
  status: 'active',
  ...overrides,
});

describe('ChatwootAdapter', () => {
  const h = useChatwootAdapter();

  describe('operators', () => {
    beforeEach(() => h.start());

    it('should declare the Chatwoot model and capabilities', () => {
      expect(capabilitiesOf(h.sut)).toEqual([
        'operators.read',
        'operators.write',
        'availability.read',
        'availability.write',
        'conversations',
        'webhooks',
      ]);
      expect(h.sut.conversations.reopenPolicy).toEqual({ inboxes: [], reopenedStatus: 'open' });
      expect(h.sut.operatorModel).toEqual({
        matchBy: 'email',
        updatableFields: ['name'],
        statuses: ['active', 'inactive'],
        hardDelete: true,
        statusStored: false,
      });
    });

    it('should fail its connection check with CONFIG when the token belongs to an agent', async () => {
      const agent = h.sim.seedAgent({
        name: 'Agent',
        email: 'agent@example.com',
        accessToken: 'agent-token',
      });
      const asAgent = createChatwootAdapter(
        chatwootConfig(h.sim.baseUrl, { auth: { apiAccessToken: agent.accessToken } }),
        recordingContext(),
      );
      await expect(asAgent.checkConnection()).rejects.toMatchObject({ code: PlatformErrorCode.CONFIG });
      await asAgent.close();
    });

    it('should create an agent offline, out of auto-offline, with role agent', async () => {
      const result = await h.sut.createOperators({
        operators: [operator('anna', { email: 'Anna@Example.com' })],
      });
      expect(result.failed).toEqual([]);
      expect(h.sim.requests(R.createAgent)[0].body).toEqual({
        name: 'Name anna',
        email: 'Anna@Example.com',
        role: 'agent',
        availability: 'offline',
        auto_offline: false,
      });
      expect(result.created[0].remote).toMatchObject({ email: 'anna@example.com', status: 'active' });
    });

    it('should reject a create with a seat-limit message, without retrying, when Chatwoot answers 402', async () => {
      await h.sim.stop();
      await h.start({ seatLimit: 1 });
      const result = await h.sut.createOperators({ operators: [operator('anna')] });
      expect(result.created).toEqual([]);
      expect(result.failed[0].error).toMatchObject({ code: PlatformErrorCode.REJECTED, status: 402 });
      expect(result.failed[0].error.message).toContain('no free agent seat');
      expect(h.sim.calls(R.createAgent)).toBe(1);
    });

    it('should link the existing agent when the e-mail already belongs to one', async () => {
      const existing = h.sim.seedAgent({ name: 'Anna', email: 'anna@example.com' });
      const result = await h.sut.createOperators({ operators: [operator('anna')] });
      expect(result.created[0].remote.remoteId).toBe(String(existing.id));
    });

    it('should send the current role with a rename and never availability_status', async () => {
      const admin = h.sim.seedAgent({ name: 'Boss', email: 'boss@example.com', role: 'administrator' });
      await h.sut.updateOperator({
        remoteId: String(admin.id),
        operator: operator('boss'),
        changes: { name: ' Big Boss ' },
      });
      expect(h.sim.requests(R.updateAgent)[0].body).toEqual({ name: 'Big Boss', role: 'administrator' });
      expect(h.sim.agent(admin.id)).toMatchObject({ name: 'Big Boss', role: 'administrator' });
    });

    it('should write nothing when an operator is reactivated', async () => {
      const agent = h.sim.seedAgent({ name: 'Anna', email: 'anna@example.com' });
      await h.sut.updateOperator({
        remoteId: String(agent.id),
        operator: operator('anna'),
        changes: { status: 'active' },
      });
      expect(h.sim.writeCalls()).toBe(0);
    });

    it('should treat a delete of a vanished agent as done', async () => {
      await expect(h.sut.deleteOperator({ remoteId: '4242' })).resolves.toBeUndefined();
    });

    describe('when POST /agents gets no answer', () => {
      let waits: number[];
      let short: ChatwootAdapter;

      beforeEach(() => {
        waits = [];
        const sleep = (ms: number) => {
          waits.push(ms);
          return Promise.resolve();
        };
        short = createChatwootAdapter(chatwootConfig(h.sim.baseUrl, { timeoutMs: 100 }), {
          ...recordingContext(),
          sleep,
        });
      });

      afterEach(() => short.close());

      it('should link the agent by e-mail after the wait when the connection dropped after it was created', async () => {
        h.sim.inject({ kind: 'disconnect', route: R.createAgent, phase: 'after' });

        const result = await short.createOperators({ operators: [operator('anna')] });

        expect(result.created).toEqual([
          {
            key: 'anna',
            remote: expect.objectContaining({ remoteId: String(h.sim.agentByEmail('anna@example.com')!.id) }),
          },
        ]);
        expect(waits).toEqual([1100]);
        expect(h.sim.calls(R.createAgent)).toBe(1);
      });

      it('should report unknown after three reads and never invite twice when the agent never appears', async () => {
        h.sim.inject({ kind: 'timeout', route: R.createAgent });

        const result = await short.createOperators({ operators: [operator('anna'), operator('bob')] });

        expect(result.unknown.map((u) => u.key)).toEqual(['anna']);
        expect(result.unknown[0].error.outcomeUnknown).toBe(true);
        expect(result.created.map((c) => c.key)).toEqual(['bob']);
        expect(waits).toEqual([1100, 2000, 4000]);
        expect(h.sim.calls(R.createAgent)).toBe(2);
        expect(h.sim.calls(R.listAgents)).toBe(3);
      });
    });
  });

  describe('roster inactive', () => {
    beforeEach(() => h.start());

    // One reconciliation as the engine runs it: list → plan → apply → remember in the links.
    const reconcile = async (
      desired: DesiredOperator[],
      links: Array<{
        operatorKey: string;
        remoteId: string;
        remoteStatus: 'active' | 'inactive' | 'deleted' | null;
      }>,
    ) => {
      const remote = await h.sut.listOperators({ candidates: desired, links });
      const plan = planOperatorChanges({
        desired,
        remote,
        links,
        model: h.sut.operatorModel,
        unmanaged: 'report',
        deletionThreshold: { kind: 'count', value: 10 },
        allowDeletes: false,
      });
      const applied = await applyPlan({
        adapter: h.sut,
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
      const agent = h.sim.seedAgent({
        name: 'Name anna',
        email: 'anna@example.com',
        availability: 'online',
        autoOffline: true,
        presence: true,
      });
      const desired = [operator('anna', { status: 'inactive' })];

      const first = await reconcile(desired, []);
      expect(first.plan.changes.map((c) => (c.action === 'update' ? c.field : c.action))).toEqual([
        'link',
        'status',
      ]);
      expect(h.sim.agent(agent.id)).toMatchObject({ availability: 'offline', autoOffline: false });

      h.sim.resetCounters();
      const second = await reconcile(desired, first.links);
      expect(second.plan.changes).toEqual([]);
      expect(h.sim.writeCalls()).toBe(0);
    });

    it('should hold a deleted operator offline when deletes are not allowed', async () => {
      const agent = h.sim.seedAgent({
        name: 'Name bob',
        email: 'bob@example.com',
        availability: 'busy',
        autoOffline: false,
      });
      await reconcile([operator('bob', { status: 'deleted' })], []);
      expect(h.sim.agent(agent.id)).toMatchObject({ availability: 'offline', autoOffline: false });
    });

    it('should deactivate again when someone brings a deactivated agent back online', async () => {
      const agent = h.sim.seedAgent({
        name: 'Name anna',
        email: 'anna@example.com',
        availability: 'offline',
        autoOffline: false,
      });
      const links = [{ operatorKey: 'anna', remoteId: String(agent.id), remoteStatus: 'inactive' as const }];
      h.sim.setAvailability(agent.id, 'online');
      const run = await reconcile([operator('anna', { status: 'inactive' })], links);
      expect(run.plan.changes).toEqual([expect.objectContaining({ field: 'status', after: 'inactive' })]);
      expect(h.sim.agent(agent.id)?.availability).toBe('offline');
    });
  });
});
