import { planLinkSnapshots } from '@app/reconcile/link-snapshots';
import { applyPlan } from '@app/reconcile/plan-applier';
import { planOperatorChanges } from '@app/reconcile/plan-operator-changes';

import { type ContractCase, desired, listFor, seedFor } from './contract-case';

/** A plan applied, then planned again from what the platform lists: nothing left to change or write. */
export const itPlansNothingTwice = (c: ContractCase): void => {
  it('should plan nothing and write nothing when planning again after applying a plan', async () => {
    await seedFor(c, {
      key: 'existing',
      name: 'Existing Op',
      email: 'existing@example.com',
      status: 'active',
    });
    const operators = [
      desired(),
      desired({ key: 'existing', name: 'Existing Op', email: 'existing@example.com', status: 'inactive' }),
    ];
    const plan = async () => {
      const remote = await listFor(c);
      const input = {
        desired: operators,
        remote,
        links: c.links,
        model: c.sut.operatorModel,
        unmanaged: 'report' as const,
        deletionThreshold: { kind: 'count' as const, value: 10 },
        allowDeletes: false,
      };
      return { plan: planOperatorChanges(input), remote };
    };
    const first = await plan();
    const applied = await applyPlan({
      adapter: c.sut,
      changes: first.plan.changes,
      desired: new Map(operators.map((o) => [o.key, o])),
      remote: new Map(first.remote.map((r) => [r.remoteId, r])),
    });
    expect(applied.records.every((r) => r.outcome === 'applied')).toBe(true);
    // Remember what was applied exactly as the engine does.
    const snapshots = planLinkSnapshots({
      connectorId: 'contract',
      stored: c.links.map(
        (l) => ({ ...l, remoteName: '', remoteEmail: null, remoteAvailability: null }) as never,
      ),
      remote: first.remote,
      linked: applied.linked,
      applied: applied.appliedUpdates,
      now: new Date(),
    });
    const byKey = new Map(c.links.map((l) => [l.operatorKey, l]));
    snapshots.upserts.forEach((u) =>
      byKey.set(u.operatorKey, {
        operatorKey: u.operatorKey,
        remoteId: u.remoteId,
        remoteStatus: u.remoteStatus ?? null,
      }),
    );
    c.links = [...byKey.values()];
    c.harness.resetCounters();
    const second = await plan();
    expect(second.plan.changes).toEqual([]);
    expect(c.harness.writeCalls()).toBe(0);
  });
};
