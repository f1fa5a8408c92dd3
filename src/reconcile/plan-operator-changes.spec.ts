import type { DesiredOperator } from '@app/directory/operator.types';
import type { OperatorModel, RemoteOperator } from '@app/platforms/chat-platform.adapter';
import { planOperatorChanges, statusTarget, thresholdLimit } from '@app/reconcile/plan-operator-changes';
import type { LinkSnapshot, OperatorPlan, PlanInput } from '@app/reconcile/plan.types';

const chatHubModel: OperatorModel = {
  matchBy: 'name',
  updatableFields: [],
  statuses: ['active', 'inactive', 'deleted'],
  hardDelete: false,
  statusStored: true,
};
const emailModel: OperatorModel = {
  matchBy: 'email',
  updatableFields: ['name', 'email'],
  statuses: ['active', 'inactive'],
  hardDelete: true,
  statusStored: true,
};

const desired = (overrides: Partial<DesiredOperator> = {}): DesiredOperator => ({
  key: 'john',
  name: 'John Smith',
  email: 'john@example.com',
  role: 'agent',
  status: 'active',
  ...overrides,
});
const remote = (overrides: Partial<RemoteOperator> = {}): RemoteOperator => ({
  remoteId: '100',
  name: 'John Smith',
  email: 'john@example.com',
  status: 'active',
  ...overrides,
});
const input = (overrides: Partial<PlanInput> = {}): PlanInput => ({
  desired: [],
  remote: [],
  links: [],
  model: chatHubModel,
  unmanaged: 'report',
  deletionThreshold: { kind: 'percent', value: 20 },
  allowDeletes: false,
  ...overrides,
});

/** Applies a plan to the remote list the way a faithful platform would, for idempotence checks. */
const applyPlan = (
  plan: OperatorPlan,
  before: PlanInput,
): { remote: RemoteOperator[]; links: LinkSnapshot[] } => {
  let nextId = 1000;
  const remoteList = before.remote.map((r) => ({ ...r }));
  const links = [...before.links];
  for (const change of plan.changes) {
    const target = remoteList.find((r) => r.remoteId === change.remoteId);
    if (change.action === 'create') {
      const operator = before.desired.find((d) => d.key === change.operatorKey)!;
      const created = remote({ remoteId: String(nextId++), name: operator.name, email: operator.email });
      remoteList.push(created);
      links.push({ operatorKey: operator.key, remoteId: created.remoteId });
    } else if (change.action === 'link') {
      links.push({ operatorKey: change.operatorKey!, remoteId: change.remoteId! });
    } else if (change.action === 'update' && target) {
      Object.assign(target, { [change.field!]: change.after });
    } else if (change.action === 'delete') {
      remoteList.splice(remoteList.indexOf(target!), 1);
    }
  }
  return { remote: remoteList, links };
};

describe(planOperatorChanges.name, () => {
  it('should create an active agent when nothing matches', () => {
    const plan = planOperatorChanges(input({ desired: [desired()] }));
    expect(plan.changes).toEqual([
      { action: 'create', operatorKey: 'john', after: 'John Smith', removal: false },
    ]);
  });

  it('should never create an integration account or an inactive operator when they are missing', () => {
    const plan = planOperatorChanges(
      input({
        desired: [desired({ key: 'api', name: 'API', role: 'integration' }), desired({ status: 'inactive' })],
      }),
    );
    expect(plan.changes).toEqual([]);
  });

  it('should link a unique case-insensitive, trimmed name match instead of creating', () => {
    const plan = planOperatorChanges(
      input({ desired: [desired()], remote: [remote({ name: '  john   SMITH ' })] }),
    );
    expect(plan.changes).toEqual([
      { action: 'link', operatorKey: 'john', remoteId: '100', after: 'name', removal: false },
    ]);
  });

  it('should report an ambiguous name and neither guess nor create when two remote operators share it', () => {
    const plan = planOperatorChanges(
      input({
        desired: [desired()],
        remote: [remote({ remoteId: '1' }), remote({ remoteId: '2', name: ' john smith' })],
        unmanaged: 'deactivate',
      }),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.findings).toEqual([
      expect.objectContaining({ kind: 'ambiguous', operatorKey: 'john', remoteIds: ['1', '2'] }),
    ]);
  });

  it('should link the live operator when its duplicate was deleted on the platform', () => {
    const plan = planOperatorChanges(
      input({
        desired: [desired()],
        remote: [remote({ remoteId: '1' }), remote({ remoteId: '2', status: 'deleted' })],
      }),
    );
    expect(plan.changes).toEqual([
      { action: 'link', operatorKey: 'john', remoteId: '1', after: 'name', removal: false },
    ]);
  });

  it('should report two roster operators competing for one remote name', () => {
    const plan = planOperatorChanges(
      input({ desired: [desired({ key: 'a' }), desired({ key: 'b' })], remote: [remote()] }),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.findings.map((f) => f.kind)).toEqual(['ambiguous', 'ambiguous']);
  });

  it('should not create a second operator when the name belongs to another linked operator', () => {
    const plan = planOperatorChanges(
      input({
        desired: [desired({ key: 'a' }), desired({ key: 'b' })],
        remote: [remote()],
        links: [{ operatorKey: 'a', remoteId: '100' }],
      }),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.findings).toEqual([expect.objectContaining({ kind: 'name-taken', operatorKey: 'b' })]);
  });

  it('should prefer the stored link over a name match when the remote was renamed', () => {
    const plan = planOperatorChanges(
      input({
        desired: [desired()],
        remote: [remote({ remoteId: '7', name: 'Johnny' }), remote({ remoteId: '8' })],
        links: [{ operatorKey: 'john', remoteId: '7' }],
      }),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.findings).toEqual([expect.objectContaining({ kind: 'unmanaged', remoteIds: ['8'] })]);
  });

  it('should report a stale link and match again when the linked remote disappeared', () => {
    const plan = planOperatorChanges(
      input({ desired: [desired()], remote: [], links: [{ operatorKey: 'john', remoteId: '55' }] }),
    );
    expect(plan.findings).toEqual([expect.objectContaining({ kind: 'stale-link', remoteIds: ['55'] })]);
    expect(plan.changes).toEqual([expect.objectContaining({ action: 'create', operatorKey: 'john' })]);
  });

  it.each([
    ['inactive', 'active', 'inactive', true],
    ['deleted', 'active', 'deleted', true],
    ['active', 'inactive', 'active', false],
    ['active', 'deleted', 'active', false],
    ['deleted', 'inactive', 'deleted', false],
  ] as const)('should set status %s when the remote is %s', (want, have, after, removal) => {
    const plan = planOperatorChanges(
      input({
        desired: [desired({ status: want })],
        remote: [remote({ status: have })],
        links: [{ operatorKey: 'john', remoteId: '100' }],
        allowDeletes: true,
      }),
    );
    expect(plan.changes).toEqual([
      {
        action: 'update',
        operatorKey: 'john',
        remoteId: '100',
        field: 'status',
        before: have,
        after,
        removal,
      },
    ]);
  });

  it('should rename and change e-mail only where the platform can update those fields', () => {
    const base = {
      desired: [desired({ name: 'John S.', email: 'JS@example.com' })],
      remote: [remote()],
      links: [{ operatorKey: 'john', remoteId: '100' }],
    };
    expect(planOperatorChanges(input(base)).changes).toEqual([]);
    expect(
      planOperatorChanges(input({ ...base, model: emailModel })).changes.map((c) => [c.field, c.after]),
    ).toEqual([
      ['name', 'John S.'],
      ['email', 'JS@example.com'],
    ]);
  });

  it('should match by lower-case e-mail and report operators without one when the platform matches by e-mail', () => {
    const plan = planOperatorChanges(
      input({
        model: emailModel,
        desired: [
          desired({ email: 'John@Example.com ' }),
          desired({ key: 'x', name: 'X', email: undefined }),
        ],
        remote: [remote({ remoteId: '5', name: 'Other name' })],
      }),
    );
    expect(plan.changes.map((c) => [c.action, c.operatorKey, c.field])).toEqual([
      ['link', 'john', undefined],
      ['update', 'john', 'name'],
    ]);
    expect(plan.findings).toEqual([expect.objectContaining({ kind: 'missing-email', operatorKey: 'x' })]);
  });

  it('should hard-delete only when deletes are allowed and the platform lacks a deleted status', () => {
    const base = {
      model: emailModel,
      desired: [desired({ status: 'deleted' })],
      remote: [remote()],
      links: [{ operatorKey: 'john', remoteId: '100' }],
    };
    expect(planOperatorChanges(input(base)).changes).toEqual([
      expect.objectContaining({ field: 'status', after: 'inactive' }),
    ]);
    expect(planOperatorChanges(input({ ...base, allowDeletes: true })).changes).toEqual([
      { action: 'delete', operatorKey: 'john', remoteId: '100', before: 'active', removal: true },
    ]);
  });

  it('should only report unmanaged remote operators when unmanaged is report', () => {
    const plan = planOperatorChanges(
      input({ desired: [desired({ key: 'k', name: 'Kim' })], remote: [remote()] }),
    );
    expect(plan.changes).toEqual([expect.objectContaining({ action: 'create', operatorKey: 'k' })]);
    expect(plan.findings).toEqual([expect.objectContaining({ kind: 'unmanaged', remoteIds: ['100'] })]);
  });

  it('should deactivate unmanaged operators but never integration or already inactive ones when unmanaged is deactivate', () => {
    const plan = planOperatorChanges(
      input({
        desired: [
          desired({ key: 'k', name: 'Kim' }),
          desired({ key: 'l', name: 'Lea' }),
          desired({ key: 'm', name: 'Max' }),
        ],
        links: ['k', 'l', 'm', 'n', 'o'].map((k, i) => ({ operatorKey: k, remoteId: `l${i}` })),
        remote: [
          remote({ remoteId: '1', name: 'Stray' }),
          remote({ remoteId: '2', name: 'Bot', role: 'integration' }),
          remote({ remoteId: '3', name: 'Old', status: 'inactive' }),
        ],
        unmanaged: 'deactivate',
        deletionThreshold: { kind: 'count', value: 5 },
      }),
    );
    expect(plan.changes.filter((c) => c.action === 'update')).toEqual([
      {
        action: 'update',
        operatorKey: null,
        remoteId: '1',
        field: 'status',
        before: 'active',
        after: 'inactive',
        removal: true,
      },
    ]);
    expect(plan.blocked).toBeUndefined();
  });

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
    expect(plan.changes.filter((c) => c.removal)).toHaveLength(2);
  });

  it('should block any removal when the directory is empty and deletes are not allowed', () => {
    const plan = planOperatorChanges(input({ remote: [remote()], unmanaged: 'deactivate' }));
    expect(plan.blocked).toEqual(expect.objectContaining({ removals: 1, limit: 0 }));
  });

  it('should plan nothing when planning again after applying a plan', () => {
    const first = input({
      model: emailModel,
      desired: [
        desired(),
        desired({ key: 'sarah', name: 'Sarah Johnson', email: 'sarah@example.com' }),
        desired({ key: 'mike', name: 'Mike Wilson', email: 'mike@example.com', status: 'inactive' }),
        desired({ key: 'gone', name: 'Gone', email: 'gone@example.com', status: 'deleted' }),
      ],
      remote: [
        remote({ remoteId: '1', email: 'MIKE@example.com', name: 'Mike W' }),
        remote({ remoteId: '2', email: 'gone@example.com', name: 'Gone' }),
        remote({ remoteId: '3', email: 'stray@example.com', name: 'Stray' }),
      ],
      unmanaged: 'deactivate',
      allowDeletes: true,
    });
    const plan = planOperatorChanges(first);
    expect(plan.changes.length).toBeGreaterThan(0);
    const after = applyPlan(plan, first);
    const again = planOperatorChanges({ ...first, ...after });
    expect(again.changes).toEqual([]);
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
