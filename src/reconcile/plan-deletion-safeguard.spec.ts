import {
  isRemoval,
  planOperatorChanges,
  statusTarget,
  thresholdLimit,
} from '@app/reconcile/plan-operator-changes';
import { desired, emailModel, input, remote } from '@app/reconcile/testing/plan.factory';

describe(`${planOperatorChanges.name} deletion safeguard`, () => {
  it('should block when removals exceed the percentage of linked operators', () => {
    const links = Array.from({ length: 10 }, (_, i) => ({ operatorKey: `op${i}`, remoteId: `${i}` }));
    const plan = planOperatorChanges(
      input({
        desired: links.map((l, i) =>
          desired({ key: l.operatorKey, name: `Op ${i}`, status: i < 3 ? 'inactive' : 'active' }),
        ),
        remote: links.map((l, i) => remote({ remoteId: l.remoteId, name: `Op ${i}` })),
        links,
      }),
    );
    expect(plan.blocked).toEqual(expect.objectContaining({ removals: 3, limit: 2 }));
  });

  it('should not block at exactly the threshold, nor when deletes are allowed', () => {
    const links = Array.from({ length: 10 }, (_, i) => ({ operatorKey: `op${i}`, remoteId: `${i}` }));
    const make = (inactive: number, allowDeletes: boolean) =>
      planOperatorChanges(
        input({
          desired: links.map((l, i) =>
            desired({ key: l.operatorKey, name: `Op ${i}`, status: i < inactive ? 'inactive' : 'active' }),
          ),
          remote: links.map((l, i) => remote({ remoteId: l.remoteId, name: `Op ${i}` })),
          links,
          allowDeletes,
        }),
      );
    expect(make(2, false).blocked).toBeUndefined();
    expect(make(10, true).blocked).toBeUndefined();
  });

  it('should judge a first run against the operators it matches, not against zero links', () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'];
    const plan = planOperatorChanges(
      input({
        desired: names.map((n, i) => desired({ key: n, name: n, status: i < 2 ? 'inactive' : 'active' })),
        remote: names.map((n, i) => remote({ remoteId: String(i), name: n })),
      }),
    );
    expect(plan.blocked).toBeUndefined();
    expect(plan.changes.filter(isRemoval)).toHaveLength(2);
  });

  it('should block any removal when the directory is empty and deletes are not allowed', () => {
    const plan = planOperatorChanges(input({ remote: [remote()], unmanaged: 'deactivate' }));
    expect(plan.blocked).toEqual(expect.objectContaining({ removals: 1, limit: 0 }));
  });
});

describe(statusTarget.name, () => {
  it('should fall back from deleted to inactive when the platform has no deleted status and deletes are not allowed', () => {
    expect(statusTarget('deleted', emailModel, false)).toEqual({ kind: 'status', status: 'inactive' });
  });

  it('should give nothing when the platform stores no statuses at all', () => {
    expect(
      statusTarget('inactive', { ...emailModel, statuses: ['active'], hardDelete: false }, false),
    ).toEqual({ kind: 'none' });
  });
});

describe(thresholdLimit.name, () => {
  it.each([
    [{ kind: 'percent', value: 20 }, 10, 2],
    [{ kind: 'percent', value: 20 }, 0, 1],
    [{ kind: 'percent', value: 50 }, 3, 1],
    [{ kind: 'count', value: 0 }, 100, 0],
    [{ kind: 'count', value: 7 }, 3, 7],
  ] as const)('should allow %j of %i linked operators to be %i', (threshold, linked, limit) => {
    expect(thresholdLimit(threshold, linked)).toBe(limit);
  });
});

describe(isRemoval.name, () => {
  it.each([
    [{ action: 'delete', operatorKey: 'k', remoteId: '1', before: 'inactive' }, true],
    [
      {
        action: 'update',
        operatorKey: 'k',
        remoteId: '1',
        field: 'status',
        before: 'active',
        after: 'deleted',
      },
      true,
    ],
    [
      {
        action: 'update',
        operatorKey: 'k',
        remoteId: '1',
        field: 'status',
        before: 'inactive',
        after: 'deleted',
      },
      false,
    ],
    [{ action: 'update', operatorKey: 'k', remoteId: '1', field: 'name', before: 'A', after: 'B' }, false],
    [{ action: 'create', operatorKey: 'k', name: 'K' }, false],
    [{ action: 'link', operatorKey: 'k', remoteId: '1', matchedBy: 'name' }, false],
  ] as const)('should count %j against the threshold: %s', (change, removal) => {
    expect(isRemoval(change)).toBe(removal);
  });
});
