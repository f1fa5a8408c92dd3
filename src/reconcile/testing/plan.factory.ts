/** Small factories for the planner's specs, with overridable defaults. */
import type { DesiredOperator } from '@app/core/operator.types';
import type { OperatorModel, RemoteOperator } from '@app/platforms/chat-platform.adapter';
import type { LinkSnapshot, OperatorPlan, PlanInput } from '@app/reconcile/plan.types';
export const chatHubModel: OperatorModel = {
  matchBy: 'name',
  updatableFields: [],
  statuses: ['active', 'inactive', 'deleted'],
  hardDelete: false,
  statusStored: true,
};
export const emailModel: OperatorModel = {
  matchBy: 'email',
  updatableFields: ['name', 'email'],
  statuses: ['active', 'inactive'],
  hardDelete: true,
  statusStored: true,
};

export const desired = (overrides: Partial<DesiredOperator> = {}): DesiredOperator => ({
  key: 'john',
  name: 'John Smith',
  email: 'john@example.com',
  role: 'agent',
  status: 'active',
  ...overrides,
});
export const remote = (overrides: Partial<RemoteOperator> = {}): RemoteOperator => ({
  remoteId: '100',
  name: 'John Smith',
  email: 'john@example.com',
  status: 'active',
  ...overrides,
});
export const input = (overrides: Partial<PlanInput> = {}): PlanInput => ({
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
export const applyToRemote = (
  plan: OperatorPlan,
  before: PlanInput,
): { remote: RemoteOperator[]; links: LinkSnapshot[] } => {
  let nextId = 1000;
  const remoteList = before.remote.map((r) => ({ ...r }));
  const links = [...before.links];
  for (const change of plan.changes) {
    switch (change.action) {
      case 'create': {
        const operator = before.desired.find((d) => d.key === change.operatorKey);
        if (!operator) {
          throw new Error(`create of ${change.operatorKey}, which is not in the directory`);
        }
        const created = remote({ remoteId: String(nextId++), name: operator.name, email: operator.email });
        remoteList.push(created);
        links.push({ operatorKey: operator.key, remoteId: created.remoteId });
        break;
      }
      case 'link':
        links.push({ operatorKey: change.operatorKey, remoteId: change.remoteId });
        break;
      case 'update': {
        const target = remoteList.find((r) => r.remoteId === change.remoteId);
        if (target) {
          Object.assign(target, { [change.field]: change.after });
        }
        break;
      }
      case 'delete': {
        const index = remoteList.findIndex((r) => r.remoteId === change.remoteId);
        if (index >= 0) {
          remoteList.splice(index, 1);
        }
        break;
      }
    }
  }
  return { remote: remoteList, links };
};
