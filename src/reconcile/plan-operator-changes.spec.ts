import { isRemoval, planOperatorChanges } from '@app/reconcile/plan-operator-changes';
import { applyToRemote, desired, emailModel, input, remote } from '@app/reconcile/testing/plan.factory';

describe(planOperatorChanges.name, () => {
  it('should create an active agent when nothing matches', () => {
    const plan = planOperatorChanges(input({ desired: [desired()] }));
    expect(plan.changes).toEqual([{ action: 'create', operatorKey: 'john', name: 'John Smith' }]);
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
      { action: 'link', operatorKey: 'john', remoteId: '100', matchedBy: 'name' },
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
    expect(plan.changes).toEqual([{ action: 'link', operatorKey: 'john', remoteId: '1', matchedBy: 'name' }]);
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
      },
    ]);
    expect(plan.changes.map(isRemoval)).toEqual([removal]);
  });

  it('should rename and change e-mail only where the platform can update those fields', () => {
    const base = {
      desired: [desired({ name: 'John S.', email: 'JS@example.com' })],
      remote: [remote()],
      links: [{ operatorKey: 'john', remoteId: '100' }],
    };
    expect(planOperatorChanges(input(base)).changes).toEqual([]);
    expect(planOperatorChanges(input({ ...base, model: emailModel })).changes).toEqual([
      {
        action: 'update',
        operatorKey: 'john',
        remoteId: '100',
        field: 'name',
        before: 'John Smith',
        after: 'John S.',
      },
      {
        action: 'update',
        operatorKey: 'john',
        remoteId: '100',
        field: 'email',
        before: 'john@example.com',
        after: 'JS@example.com',
      },
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
    expect(plan.changes).toEqual([
      { action: 'link', operatorKey: 'john', remoteId: '5', matchedBy: 'email' },
      expect.objectContaining({ action: 'update', operatorKey: 'john', field: 'name' }),
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
      { action: 'delete', operatorKey: 'john', remoteId: '100', before: 'active' },
    ]);
  });

  it('should only report unmanaged remote operators when unmanaged is report', () => {
    const plan = planOperatorChanges(
      input({ desired: [desired({ key: 'k', name: 'Kim' })], remote: [remote()] }),
    );
    expect(plan.changes).toEqual([expect.objectContaining({ action: 'create', operatorKey: 'k' })]);
    expect(plan.findings).toEqual([expect.objectContaining({ kind: 'unmanaged', remoteIds: ['100'] })]);
  });

  it("should not report the bridge's own API account as unmanaged when the adapter marks it integration", () => {
    const plan = planOperatorChanges(
      input({ remote: [remote({ remoteId: '7', name: 'API user', role: 'integration' }), remote()] }),
    );
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
      },
    ]);
    expect(plan.blocked).toBeUndefined();
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
    const after = applyToRemote(plan, first);
    const again = planOperatorChanges({ ...first, ...after });
    expect(again.changes).toEqual([]);
  });
});
