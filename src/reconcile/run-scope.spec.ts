import { scopePlanToOperator } from '@app/reconcile/run-scope';
import type { OperatorPlan } from '@app/reconcile/plan.types';

const plan = (overrides: Partial<OperatorPlan> = {}): OperatorPlan => ({
  changes: [
    { action: 'create', operatorKey: 'anna', name: 'Anna' },
    {
      action: 'update',
      operatorKey: 'bob',
      remoteId: '2',
      field: 'status',
      before: 'active',
      after: 'inactive',
    },
    { action: 'link', operatorKey: 'carl', remoteId: '3', matchedBy: 'email' },
    {
      action: 'update',
      operatorKey: null,
      remoteId: '9',
      field: 'status',
      before: 'active',
      after: 'inactive',
    },
  ],
  findings: [
    { kind: 'ambiguous', operatorKey: 'dina', remoteIds: ['4', '5'], message: 'two match' },
    { kind: 'unmanaged', operatorKey: null, remoteIds: ['9'], message: 'not in the directory' },
  ],
  ...overrides,
});

describe(scopePlanToOperator.name, () => {
  it("should keep only the operator's changes and findings when scoped to one operator", () => {
    expect(scopePlanToOperator(plan(), 'carl')).toEqual({
      changes: [{ action: 'link', operatorKey: 'carl', remoteId: '3', matchedBy: 'email' }],
      findings: [],
      blocked: undefined,
    });
    expect(scopePlanToOperator(plan(), 'dina').findings).toEqual([plan().findings[0]]);
  });

  it('should let one removal through when the full plan was blocked by the threshold', () => {
    const blocked = { removals: 2, limit: 1, reason: '2 operators would be deactivated' };

    expect(scopePlanToOperator(plan({ blocked }), 'bob').blocked).toBeUndefined();
  });

  it('should stay blocked when even one removal is over the limit', () => {
    const blocked = { removals: 2, limit: 0, reason: 'the directory is empty' };

    expect(scopePlanToOperator(plan({ blocked }), 'bob').blocked).toEqual({
      removals: 1,
      limit: 0,
      reason: 'bob would be deactivated or deleted: the directory is empty',
    });
    expect(scopePlanToOperator(plan({ blocked }), 'anna').blocked).toBeUndefined();
  });
});
