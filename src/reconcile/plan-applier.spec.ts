import type { ChatPlatformAdapter, CreateOperatorsResult } from '@app/platforms/chat-platform.adapter';
import { PlatformError, PlatformErrorCode } from '@app/core/platform-error';
import { applyPlan } from '@app/reconcile/plan-applier';
import type { PlannedChange } from '@app/reconcile/plan.types';
import { desired, emailModel, remote } from '@app/reconcile/testing/plan.factory';

const platformError = (code: PlatformErrorCode, message: string) =>
  new PlatformError({ code, connectorId: 'c', message });

// Strict: a method the test did not expect to be called fails it.
const adapterWith = (methods: Partial<ChatPlatformAdapter>): ChatPlatformAdapter =>
  new Proxy({ connectorId: 'c', operatorModel: emailModel, ...methods } as ChatPlatformAdapter, {
    get: (target, property) => {
      if (typeof property === 'string' && !(property in target)) {
        throw new Error(`unexpected use of adapter.${property}`);
      }
      return Reflect.get(target, property) as unknown;
    },
  });

describe(applyPlan.name, () => {
  const john = desired();
  const anna = desired({ key: 'anna', name: 'Anna', email: 'anna@example.com' });
  const kim = desired({ key: 'kim', name: 'Kim', email: 'kim@example.com' });
  const lea = desired({ key: 'lea', name: 'Lea', email: 'lea@example.com' });
  const directory = new Map([john, anna, kim, lea].map((d) => [d.key, d]));

  it('should record a link as applied and link the listed operator without calling the platform', async () => {
    const listed = remote();
    const result = await applyPlan({
      adapter: adapterWith({}),
      changes: [{ action: 'link', operatorKey: 'john', remoteId: '100', matchedBy: 'email' }],
      desired: directory,
      remote: new Map([['100', listed]]),
    });
    expect(result.records).toEqual([
      {
        operatorKey: 'john',
        action: 'link',
        field: 'identity',
        before: null,
        after: { remoteId: '100', matchedBy: 'email' },
        outcome: 'applied',
        error: null,
        durationMs: 0,
      },
    ]);
    expect(result.linked).toEqual([{ operatorKey: 'john', remote: listed }]);
  });

  it('should record each create once by its list and a create left out of every list as unknown', async () => {
    const created = remote({ remoteId: '7', name: 'John Smith' });
    const createOperators = jest.fn().mockResolvedValue({
      created: [{ key: 'john', remote: created }],
      failed: [{ key: 'anna', error: platformError(PlatformErrorCode.REJECTED, 'seat limit') }],
      unknown: [{ key: 'kim', error: platformError(PlatformErrorCode.TEMPORARY, 'timeout') }],
    } satisfies CreateOperatorsResult);
    const changes: PlannedChange[] = [john, anna, kim, lea].map((d) => ({
      action: 'create',
      operatorKey: d.key,
      name: d.name,
    }));

    const result = await applyPlan({
      adapter: adapterWith({ createOperators }),
      changes,
      desired: directory,
      remote: new Map(),
    });

    expect(createOperators).toHaveBeenCalledWith({ operators: [john, anna, kim, lea] });
    expect(
      result.records.map(({ operatorKey, field, before, after, outcome, error }) => ({
        ...{ operatorKey, field, before, after, outcome, error },
      })),
    ).toEqual([
      {
        operatorKey: 'john',
        field: null,
        before: null,
        after: { name: 'John Smith', remoteId: '7' },
        outcome: 'applied',
        error: null,
      },
      {
        operatorKey: 'anna',
        field: null,
        before: null,
        after: { name: 'Anna', remoteId: null },
        outcome: 'rejected',
        error: 'REJECTED: seat limit',
      },
      {
        operatorKey: 'kim',
        field: null,
        before: null,
        after: { name: 'Kim', remoteId: null },
        outcome: 'unknown',
        error: 'TEMPORARY: timeout',
      },
      {
        operatorKey: 'lea',
        field: null,
        before: null,
        after: { name: 'Lea', remoteId: null },
        outcome: 'unknown',
        error: 'the adapter reported no outcome',
      },
    ]);
    expect(result.linked).toEqual([{ operatorKey: 'john', remote: created }]);
  });

  it('should send the field updates of one operator in one call when several fields differ', async () => {
    const updateOperator = jest.fn().mockResolvedValue(undefined);
    const changes: PlannedChange[] = [
      {
        action: 'update',
        operatorKey: 'john',
        remoteId: '100',
        field: 'name',
        before: 'J',
        after: 'John Smith',
      },
      {
        action: 'update',
        operatorKey: 'john',
        remoteId: '100',
        field: 'email',
        before: null,
        after: 'john@example.com',
      },
      {
        action: 'update',
        operatorKey: 'john',
        remoteId: '100',
        field: 'status',
        before: 'active',
        after: 'inactive',
      },
    ];

    const result = await applyPlan({
      adapter: adapterWith({ updateOperator }),
      changes,
      desired: directory,
      remote: new Map(),
    });

    expect(updateOperator).toHaveBeenCalledTimes(1);
    expect(updateOperator).toHaveBeenCalledWith({
      remoteId: '100',
      operator: john,
      changes: { name: 'John Smith', email: 'john@example.com', status: 'inactive' },
    });
    expect(result.records.map((r) => [r.field, r.before, r.after, r.outcome])).toEqual([
      ['name', 'J', 'John Smith', 'applied'],
      ['email', null, 'john@example.com', 'applied'],
      ['status', 'active', 'inactive', 'applied'],
    ]);
    expect(result.appliedUpdates).toEqual(changes);
  });

  it('should deactivate an unmanaged operator by its remote id when it has no directory entry', async () => {
    const updateOperator = jest.fn().mockResolvedValue(undefined);

    await applyPlan({
      adapter: adapterWith({ updateOperator }),
      changes: [
        {
          action: 'update',
          operatorKey: null,
          remoteId: '9',
          field: 'status',
          before: 'active',
          after: 'inactive',
        },
      ],
      desired: directory,
      remote: new Map(),
    });

    expect(updateOperator).toHaveBeenCalledWith({
      remoteId: '9',
      operator: { key: 'remote:9', name: '', role: 'agent', status: 'inactive' },
      changes: { status: 'inactive' },
    });
  });

  it('should record a delete as failed and not as applied when the platform refuses it', async () => {
    const deleteOperator = jest.fn().mockRejectedValue(platformError(PlatformErrorCode.TEMPORARY, 'down'));

    const result = await applyPlan({
      adapter: adapterWith({ deleteOperator }),
      changes: [{ action: 'delete', operatorKey: 'john', remoteId: '100', before: 'active' }],
      desired: directory,
      remote: new Map(),
    });

    expect(deleteOperator).toHaveBeenCalledWith({ remoteId: '100', operator: john });
    expect(result.records).toEqual([
      expect.objectContaining({
        action: 'delete',
        field: null,
        before: 'active',
        after: null,
        outcome: 'failed',
      }),
    ]);
    expect(result.appliedUpdates).toEqual([]);
  });

  it('should throw before calling the platform when a planned link names an operator not listed', async () => {
    await expect(
      applyPlan({
        adapter: adapterWith({}),
        changes: [{ action: 'link', operatorKey: 'john', remoteId: '404', matchedBy: 'email' }],
        desired: directory,
        remote: new Map(),
      }),
    ).rejects.toThrow('names 404');
  });
});
