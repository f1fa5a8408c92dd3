import { PlatformErrorCode } from '@app/core/platform-error';
import { capabilitiesOf } from '@app/platforms/adapter-capabilities';
import type { ChatPlatformAdapter } from '@app/platforms/chat-platform.adapter';

import {
  type ContractCase,
  type ContractHarness,
  type ContractOptions,
  desired,
  listFor,
  seedFor,
} from './support/contract-case';
import { itPlansNothingTwice } from './support/idempotent-plan.contract';
import { describeUnansweredCreates } from './support/unanswered-creates.contract';

export type {
  ContractFault,
  ContractHarness,
  ContractOptions,
  ContractRoute,
  SeededOperator,
} from './support/contract-case';

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

/**
 * The one suite every adapter passes against its simulator (unstorage's testDriver, keyv's suite):
 * reads, writes and their errors here; creates left unanswered and a second plan in support/.
 */
export const describeChatPlatformContract = (
  name: string,
  makeHarness: () => ContractHarness,
  options: ContractOptions,
): void => {
  describe(`${name} adapter contract`, () => {
    const c = {} as ContractCase;

    beforeEach(async () => {
      c.links = [];
      c.known = [desired(), desired({ key: 'second', name: 'Second Op', email: 'second@example.com' })];
      c.harness = makeHarness();
      await c.harness.start();
      c.sut = c.harness.adapter();
    });

    afterEach(async () => {
      await c.sut.close?.();
      await c.harness.stop();
    });

    it('should offer operators and implement every facet it has', () => {
      expect(capabilitiesOf(c.sut)).toEqual(expect.arrayContaining(['operators.read', 'operators.write']));
      for (const [facet, methods] of Object.entries(FACET_METHODS)) {
        const implementation = c.sut[facet as FacetName] as Record<string, unknown> | undefined;
        for (const method of implementation ? methods : []) {
          expect(typeof implementation?.[method]).toBe('function');
        }
      }
      if (c.sut.operatorModel.hardDelete) {
        expect(typeof c.sut.deleteOperator).toBe('function');
      }
    });

    it('should pass its connection check when the credentials are right', async () => {
      await expect(c.sut.checkConnection()).resolves.toBeUndefined();
    });

    it('should fail with AUTH_FAILED when the credentials are wrong', async () => {
      const bad = c.harness.adapter({ badCredentials: true });
      await expect(listFor(c, bad)).rejects.toMatchObject({ code: PlatformErrorCode.AUTH_FAILED });
      await bad.close?.();
    });

    it('should list seeded operators in canonical terms', async () => {
      const id = await seedFor(c, {
        key: 'seeded-one',
        name: 'Seeded One',
        email: 'seeded.one@example.com',
        status: 'inactive',
      });
      const listed = await listFor(c);
      expect(listed).toContainEqual(
        expect.objectContaining({ remoteId: id, name: 'Seeded One', status: 'inactive' }),
      );
    });

    it('should create operators and return their remote ids', async () => {
      const result = await c.sut.createOperators({
        operators: [desired(), desired({ key: 'second', name: 'Second Op', email: 'second@example.com' })],
      });
      expect(result.failed).toEqual([]);
      expect(result.unknown).toEqual([]);
      expect(result.created.map((c) => c.key).sort()).toEqual(['contract-op', 'second']);
      const remote = await c.harness.remoteOperator(
        result.created.find((c) => c.key === 'second')!.remote.remoteId,
      );
      expect(remote).toEqual(expect.objectContaining({ name: 'Second Op' }));
    });

    if (options.statusStored) {
      it('should round-trip a status change', async () => {
        const id = await seedFor(c, { key: 'status-op', name: 'Status Op', email: 'status.op@example.com' });
        const operator = desired({ key: 'status-op', name: 'Status Op', email: 'status.op@example.com' });
        await c.sut.updateOperator({ remoteId: id, operator, changes: { status: 'inactive' } });
        expect((await c.harness.remoteOperator(id))?.status).toBe('inactive');
        await c.sut.updateOperator({ remoteId: id, operator, changes: { status: 'active' } });
        expect((await c.harness.remoteOperator(id))?.status).toBe('active');
      });
    } else {
      it('should report the status chat-bridge last applied when the platform stores none', async () => {
        const id = await seedFor(c, { key: 'status-op', name: 'Status Op', email: 'status.op@example.com' });
        const operator = desired({ key: 'status-op', name: 'Status Op', email: 'status.op@example.com' });
        await c.sut.updateOperator({ remoteId: id, operator, changes: { status: 'inactive' } });
        c.links = c.links.map((l) => (l.remoteId === id ? { ...l, remoteStatus: 'inactive' } : l));
        expect(await listFor(c)).toContainEqual(
          expect.objectContaining({ remoteId: id, status: 'inactive' }),
        );
      });
    }

    it('should answer NOT_FOUND when updating an operator that does not exist', async () => {
      await expect(
        c.sut.updateOperator({ remoteId: '999999', operator: desired(), changes: { status: 'inactive' } }),
      ).rejects.toMatchObject({ code: PlatformErrorCode.NOT_FOUND });
    });

    it('should retry transient server errors and rate limits when listing', async () => {
      await seedFor(c, { key: 'retry-op', name: 'Retry Op', email: 'retry@example.com' });
      c.harness.injectFault('server-error', 'list', 1);
      c.harness.injectFault('rate-limit', 'list', 1);
      await expect(listFor(c)).resolves.toContainEqual(expect.objectContaining({ name: 'Retry Op' }));
    });

    it('should fail with TEMPORARY when the platform keeps failing', async () => {
      c.harness.injectFault('server-error', 'list', 10);
      await expect(listFor(c)).rejects.toMatchObject({ code: PlatformErrorCode.TEMPORARY });
    });

    it('should fail with INVALID_RESPONSE when the platform answers garbage', async () => {
      c.harness.injectFault('garbage', 'list', 10);
      await expect(listFor(c)).rejects.toMatchObject({ code: PlatformErrorCode.INVALID_RESPONSE });
    });

    it('should never create a duplicate when a create fails after the platform applied it', async () => {
      c.harness.injectFault('server-error', 'create', 1);
      const result = await c.sut.createOperators({ operators: [desired()] });
      expect(result.failed).toEqual([]);
      expect(result.unknown).toEqual([]);
      expect(result.created.map((c) => c.key)).toEqual(['contract-op']);
      expect(c.harness.countOnPlatform(desired())).toBe(1);
      const named = (await listFor(c)).filter((o) => o.name === 'Contract Operator');
      expect(named).toHaveLength(1);
    });

    describeUnansweredCreates(c);

    itPlansNothingTwice(c);
  });
};
