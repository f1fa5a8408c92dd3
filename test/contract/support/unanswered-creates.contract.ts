import type { DesiredOperator } from '@app/core/operator.types';
import { normalizeEmail, normalizeName } from '@app/core/normalize';
import type {
  ChatPlatformAdapter,
  CreateOperatorsResult,
  OperatorModel,
  RemoteOperator,
} from '@app/platforms/chat-platform.adapter';
import { waitFor } from '@app/simulator/framework/testing/wait-for';

import { type ContractCase, desired, listFor } from './contract-case';

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

/**
 * A create the platform applies but does not answer in time, or answers on a dropped connection:
 * the adapter reports it created or unknown, never failed, and the platform ends with one of each.
 */
export const describeUnansweredCreates = (c: ContractCase): void => {
  describe('when a create is not answered', () => {
    const operators = [1, 2, 3].map((i) =>
      desired({ key: `unanswered-${i}`, name: `Unanswered Op ${i}`, email: `unanswered.${i}@example.com` }),
    );
    const keys = operators.map((o) => o.key).sort();
    let short: ChatPlatformAdapter;

    beforeEach(() => {
      short = c.harness.adapter({ timeoutMs: SHORT_TIMEOUT_MS });
      c.known.push(...operators);
    });

    afterEach(() => short.close?.());

    /** After every request has landed, the platform holds each operator exactly once. */
    const expectEachOnceAfterLanding = async (result: CreateOperatorsResult) => {
      await waitFor(() => c.harness.pendingRequests('create') === 0, LANDING_DEADLINE_MS);
      const listed = await listFor(c);
      for (const operator of operators) {
        expect(c.harness.countOnPlatform(operator)).toBe(1);
        expect(listed.filter((r) => sameNaturalKey(c.sut.operatorModel, r, operator))).toHaveLength(1);
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
        c.harness.injectLatency('create', SLOW_CREATE_MS, slowRequests);

        const result = await short.createOperators({ operators });

        expect(result.failed).toEqual([]);
        expect([...result.created, ...result.unknown].map((r) => r.key).sort()).toEqual(keys);
        for (const { error } of result.unknown) {
          expect(error.outcomeUnknown).toBe(true);
        }
        // The request may not have landed yet on a slow machine (0), but never twice.
        for (const operator of operators) {
          expect(c.harness.countOnPlatform(operator)).toBeLessThanOrEqual(1);
        }
        await expectEachOnceAfterLanding(result);
      },
    );

    it('should read back, not re-send, a create whose connection dropped after it was applied', async () => {
      c.harness.injectFault('disconnect-after', 'create', operators.length);

      const result = await short.createOperators({ operators });

      expect(result.failed).toEqual([]);
      expect(result.unknown).toEqual([]);
      expect(result.created.map((created) => created.key).sort()).toEqual(keys);
      for (const operator of operators) {
        expect(c.harness.countOnPlatform(operator)).toBe(1);
      }
      await expectEachOnceAfterLanding(result);
    });
  });
};
