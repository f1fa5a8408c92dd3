import type { DesiredOperator, OperatorStatus } from '@app/core/operator.types';
import { capabilitiesOf } from '@app/platforms/adapter-capabilities';
import {
  type ChatPlatformAdapter,
  type CreateOperatorsResult,
  type ListOperatorsParams,
  type OperatorModel,
  type RemoteOperator,
} from '@app/platforms/chat-platform.adapter';
import { PlatformErrorCode } from '@app/core/platform-error';
import { planLinkSnapshots } from '@app/reconcile/link-snapshots';
import { normalizeEmail, normalizeName } from '@app/core/normalize';
import { applyPlan } from '@app/reconcile/plan-applier';
import { planOperatorChanges } from '@app/reconcile/plan-operator-changes';
import { waitFor } from '@app/simulator/framework/testing/wait-for';

export type ContractRoute = 'list' | 'create' | 'update';
/** `disconnect-after`: the platform applies the request, then drops the connection unanswered. */
export type ContractFault = 'server-error' | 'rate-limit' | 'garbage' | 'disconnect-after';

export interface SeededOperator {
  /** Directory key; platforms that derive their ids from it (Tencent) use it. */
  key: string;
  name: string;
  email?: string;
  status?: OperatorStatus;
}

/** What each platform provides to run the shared suite against its simulator. */
export interface ContractHarness {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * A fresh adapter; `badCredentials` builds one whose credentials the simulator refuses,
   * `timeoutMs` overrides the connector's request timeout.
   */
  adapter(options?: { badCredentials?: boolean; timeoutMs?: number }): ChatPlatformAdapter;
  seedOperator(operator: SeededOperator): Promise<string>;
  remoteOperator(remoteId: string): Promise<Omit<SeededOperator, 'key'> | undefined>;
  injectFault(fault: ContractFault, route: ContractRoute, times: number): void;
  /** The next `times` requests of the route are handled (and applied) only after `ms`. */
  injectLatency(route: ContractRoute, ms: number, times: number): void;
  /**
   * How many operators the platform itself holds under this operator's natural key (ChatHub:
   * name, Chatwoot and LHC: e-mail, Tencent: UserID), read from its state, not through the adapter.
   */
  countOnPlatform(operator: DesiredOperator): number;
  /** Requests of the route the platform has received and not handled yet (e.g. in a latency). */
  pendingRequests(route: ContractRoute): number;
  writeCalls(): number;
  resetCounters(): void;
}

const desired = (overrides: Partial<DesiredOperator> = {}): DesiredOperator => ({
  key: 'contract-op',
  name: 'Contract Operator',
  email: 'contract.operator@example.com',
  role: 'agent',
  status: 'active',
  ...overrides,
});

/** The one suite every adapter passes against its simulator (unstorage's testDriver, keyv's suite). */
export interface ContractOptions {
  /** Mirrors `operatorModel.statusStored`: whether the simulator itself can show a status. */
  statusStored: boolean;
}

type LinkState = ListOperatorsParams['links'][number];

type FacetName =
  | 'availabilityRead'
  | 'availabilityWrite'
  | 'conversations'
  | 'assignment'
  | 'chatRelease'
  | 'settings'
  | 'webhooks';

/** What each facet must implement when it is present; typed so a new facet cannot be left out. */
const FACET_METHODS: { [F in FacetName]: Array<keyof NonNullable<ChatPlatformAdapter[F]>> } = {
  availabilityRead: ['read'],
  availabilityWrite: ['write'],
  conversations: ['list', 'setStatus'],
  assignment: ['agentIdOf', 'reply'],
  chatRelease: ['release', 'isIntegrationAccount', 'reexclude'],
  settings: ['enforce'],
  webhooks: ['verify', 'parse'],
};

/** The connector timeout of the slow-create cases, and a platform that always takes longer. */
const SHORT_TIMEOUT_MS = 500;
const SLOW_CREATE_MS = 1000;
/** Generous: a deadline for polling, never a sleep. Covers the adapters' longest read-back. */
const LANDING_DEADLINE_MS = 20_000;

const sameNaturalKey = (model: OperatorModel, remote: RemoteOperator, operator: DesiredOperator): boolean => {
  switch (model.matchBy) {
    case 'email':
      return (
        remote.email !== undefined && normalizeEmail(remote.email) === normalizeEmail(operator.email ?? '')
      );
    case 'name':
      return normalizeName(remote.name) === normalizeName(operator.name);
    case 'key':
      return remote.key === operator.key;
  }
};

export const describeChatPlatformContract = (
  name: string,
  makeHarness: () => ContractHarness,
  options: ContractOptions,
): void => {
  describe(`${name} adapter contract`, () => {
    let harness: ContractHarness;
    let sut: ChatPlatformAdapter;
    let known: DesiredOperator[];
    let links: LinkState[];

    // Candidates and links are what the test has seeded or created, as the engine would pass them.
    const list = (adapter: ChatPlatformAdapter = sut) => adapter.listOperators({ candidates: known, links });
    const seed = async (operator: SeededOperator): Promise<string> => {
      known.push(
        desired({
          key: operator.key,
          name: operator.name,
          email: operator.email,
          status: operator.status ?? 'active',
        }),
      );
      const remoteId = await harness.seedOperator(operator);
      links.push({ operatorKey: operator.key, remoteId, remoteStatus: operator.status ?? 'active' });
      return remoteId;
    };

    beforeEach(async () => {
      links = [];
      known = [desired(), desired({ key: 'second', name: 'Second Op', email: 'second@example.com' })];
      harness = makeHarness();
      await harness.start();
      sut = harness.adapter();
    });

    afterEach(async () => {
      await sut.close?.();
      await harness.stop();
    });

    it('should offer operators and implement every facet it has', () => {
      expect(capabilitiesOf(sut)).toEqual(expect.arrayContaining(['operators.read', 'operators.write']));
      for (const [facet, methods] of Object.entries(FACET_METHODS)) {
        const implementation = sut[facet as FacetName] as Record<string, unknown> | undefined;
        for (const method of implementation ? methods : []) {
          expect(typeof implementation?.[method]).toBe('function');
        }
      }
      if (sut.operatorModel.hardDelete) {
        expect(typeof sut.deleteOperator).toBe('function');
      }
    });

    it('should pass its connection check when the credentials are right', async () => {
      await expect(sut.checkConnection()).resolves.toBeUndefined();
    });

    it('should fail with AUTH_FAILED when the credentials are wrong', async () => {
      const bad = harness.adapter({ badCredentials: true });
      await expect(list(bad)).rejects.toMatchObject({ code: PlatformErrorCode.AUTH_FAILED });
      await bad.close?.();
    });

    it('should list seeded operators in canonical terms', async () => {
      const id = await seed({
        key: 'seeded-one',
        name: 'Seeded One',
        email: 'seeded.one@example.com',
        status: 'inactive',
      });
      const listed = await list();
      expect(listed).toContainEqual(
        expect.objectContaining({ remoteId: id, name: 'Seeded One', status: 'inactive' }),
      );
    });

    it('should create operators and return their remote ids', async () => {
      const result = await sut.createOperators({
        operators: [desired(), desired({ key: 'second', name: 'Second Op', email: 'second@example.com' })],
      });
      expect(result.failed).toEqual([]);
      expect(result.unknown).toEqual([]);
      expect(result.created.map((c) => c.key).sort()).toEqual(['contract-op', 'second']);
      const remote = await harness.remoteOperator(
        result.created.find((c) => c.key === 'second')!.remote.remoteId,
      );
      expect(remote).toEqual(expect.objectContaining({ name: 'Second Op' }));
    });

    if (options.statusStored) {
      it('should round-trip a status change', async () => {
        const id = await seed({ key: 'status-op', name: 'Status Op', email: 'status.op@example.com' });
        const operator = desired({ key: 'status-op', name: 'Status Op', email: 'status.op@example.com' });
        await sut.updateOperator({ remoteId: id, operator, changes: { status: 'inactive' } });
        expect((await harness.remoteOperator(id))?.status).toBe('inactive');
        await sut.updateOperator({ remoteId: id, operator, changes: { status: 'active' } });
        expect((await harness.remoteOperator(id))?.status).toBe('active');
      });
    } else {
      it('should report the status chat-bridge last applied when the platform stores none', async () => {
        const id = await seed({ key: 'status-op', name: 'Status Op', email: 'status.op@example.com' });
        const operator = desired({ key: 'status-op', name: 'Status Op', email: 'status.op@example.com' });
        await sut.updateOperator({ remoteId: id, operator, changes: { status: 'inactive' } });
        links = links.map((l) => (l.remoteId === id ? { ...l, remoteStatus: 'inactive' } : l));
        expect(await list()).toContainEqual(expect.objectContaining({ remoteId: id, status: 'inactive' }));
      });
    }

    it('should answer NOT_FOUND when updating an operator that does not exist', async () => {
      await expect(
        sut.updateOperator({ remoteId: '999999', operator: desired(), changes: { status: 'inactive' } }),
      ).rejects.toMatchObject({ code: PlatformErrorCode.NOT_FOUND });
    });

    it('should retry transient server errors and rate limits when listing', async () => {
      await seed({ key: 'retry-op', name: 'Retry Op', email: 'retry@example.com' });
      harness.injectFault('server-error', 'list', 1);
      harness.injectFault('rate-limit', 'list', 1);
      await expect(list()).resolves.toContainEqual(expect.objectContaining({ name: 'Retry Op' }));
    });

    it('should fail with TEMPORARY when the platform keeps failing', async () => {
      harness.injectFault('server-error', 'list', 10);
      await expect(list()).rejects.toMatchObject({ code: PlatformErrorCode.TEMPORARY });
    });

    it('should fail with INVALID_RESPONSE when the platform answers garbage', async () => {
      harness.injectFault('garbage', 'list', 10);
      await expect(list()).rejects.toMatchObject({ code: PlatformErrorCode.INVALID_RESPONSE });
    });

    it('should never create a duplicate when a create fails after the platform applied it', async () => {
      harness.injectFault('server-error', 'create', 1);
      const result = await sut.createOperators({ operators: [desired()] });
      expect(result.failed).toEqual([]);
      expect(result.unknown).toEqual([]);
      expect(result.created.map((c) => c.key)).toEqual(['contract-op']);
      expect(harness.countOnPlatform(desired())).toBe(1);
      const named = (await list()).filter((o) => o.name === 'Contract Operator');
      expect(named).toHaveLength(1);
    });

    describe('when a create is not answered', () => {
      const operators = [1, 2, 3].map((i) =>
        desired({ key: `unanswered-${i}`, name: `Unanswered Op ${i}`, email: `unanswered.${i}@example.com` }),
      );
      const keys = operators.map((o) => o.key).sort();
      let short: ChatPlatformAdapter;

      beforeEach(() => {
        short = harness.adapter({ timeoutMs: SHORT_TIMEOUT_MS });
        known.push(...operators);
      });

      afterEach(() => short.close?.());

      /** After every request has landed, the platform holds each operator exactly once. */
      const expectEachOnceAfterLanding = async (result: CreateOperatorsResult) => {
        await waitFor(() => harness.pendingRequests('create') === 0, LANDING_DEADLINE_MS);
        const listed = await list();
        for (const operator of operators) {
          expect(harness.countOnPlatform(operator)).toBe(1);
          expect(listed.filter((r) => sameNaturalKey(sut.operatorModel, r, operator))).toHaveLength(1);
        }
        for (const { remote } of result.created) {
          expect(listed.map((r) => r.remoteId)).toContain(remote.remoteId);
        }
      };

      // Every create slow: the platform is slow. Only the first: a quick re-send would overtake it.
      it.each([
        ['every create request', operators.length],
        ['the first create request', 1],
      ])(
        'should never duplicate, and report created or unknown, never failed, when %s outlives the timeout',
        async (_case, slowRequests) => {
          harness.injectLatency('create', SLOW_CREATE_MS, slowRequests);

          const result = await short.createOperators({ operators });

          expect(result.failed).toEqual([]);
          expect([...result.created, ...result.unknown].map((r) => r.key).sort()).toEqual(keys);
          for (const { error } of result.unknown) {
            expect(error.outcomeUnknown).toBe(true);
          }
          // The request may not have landed yet on a slow machine (0), but never twice.
          for (const operator of operators) {
            expect(harness.countOnPlatform(operator)).toBeLessThanOrEqual(1);
          }
          await expectEachOnceAfterLanding(result);
        },
      );

      it('should read back, not re-send, a create whose connection dropped after it was applied', async () => {
        harness.injectFault('disconnect-after', 'create', operators.length);

        const result = await short.createOperators({ operators });

        expect(result.failed).toEqual([]);
        expect(result.unknown).toEqual([]);
        expect(result.created.map((c) => c.key).sort()).toEqual(keys);
        for (const operator of operators) {
          expect(harness.countOnPlatform(operator)).toBe(1);
        }
        await expectEachOnceAfterLanding(result);
      });
    });

    it('should plan nothing and write nothing when planning again after applying a plan', async () => {
      await seed({ key: 'existing', name: 'Existing Op', email: 'existing@example.com', status: 'active' });
      const operators = [
        desired(),
        desired({ key: 'existing', name: 'Existing Op', email: 'existing@example.com', status: 'inactive' }),
      ];
      const plan = async () => {
        const remote = await list();
        const input = {
          desired: operators,
          remote,
          links,
          model: sut.operatorModel,
          unmanaged: 'report' as const,
          deletionThreshold: { kind: 'count' as const, value: 10 },
          allowDeletes: false,
        };
        return { plan: planOperatorChanges(input), remote };
      };
      const first = await plan();
      const applied = await applyPlan({
        adapter: sut,
        changes: first.plan.changes,
        desired: new Map(operators.map((o) => [o.key, o])),
        remote: new Map(first.remote.map((r) => [r.remoteId, r])),
      });
      expect(applied.records.every((r) => r.outcome === 'applied')).toBe(true);
      // Remember what was applied exactly as the engine does.
      const snapshots = planLinkSnapshots({
        connectorId: 'contract',
        stored: links.map(
          (l) => ({ ...l, remoteName: '', remoteEmail: null, remoteAvailability: null }) as never,
        ),
        remote: first.remote,
        linked: applied.linked,
        applied: applied.appliedUpdates,
        now: new Date(),
      });
      const byKey = new Map(links.map((l) => [l.operatorKey, l]));
      snapshots.upserts.forEach((u) =>
        byKey.set(u.operatorKey, {
          operatorKey: u.operatorKey,
          remoteId: u.remoteId,
          remoteStatus: u.remoteStatus ?? null,
        }),
      );
      links = [...byKey.values()];
      harness.resetCounters();
      const second = await plan();
      expect(second.plan.changes).toEqual([]);
      expect(harness.writeCalls()).toBe(0);
    });
  });
};
