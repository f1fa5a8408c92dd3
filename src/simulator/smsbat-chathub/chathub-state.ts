import type {
  ChatHubOperator,
  ChatHubOperatorStatus,
  ChatHubOrganization,
  ChatHubSeed,
} from '@app/simulator/smsbat-chathub/chathub.types';

// Ids in the docs' examples run 101, 102, ... 104: new operators start at 100.
const FIRST_OPERATOR_ID = 100;

/** Organizations and operators held by the ChatHub simulator. */
export class ChatHubState {
  private readonly organizations = new Map<number, ChatHubOrganization>();
  private readonly operators = new Map<number, ChatHubOperator>();
  private nextId = FIRST_OPERATOR_ID;

  seed(seed: ChatHubSeed): void {
    for (const org of seed.organizations ?? []) {
      this.organizations.set(org.id, { id: org.id, name: org.name });
    }
    for (const op of seed.operators ?? []) {
      if (!this.organizations.has(op.organizationId)) {
        throw new Error(`seed: operator "${op.name}" refers to unknown organization ${op.organizationId}`);
      }
      const id = op.id ?? this.nextId;
      if (this.operators.has(id)) {
        throw new Error(`seed: operator id ${id} is already taken`);
      }
      this.operators.set(id, {
        id,
        name: op.name,
        status: op.status ?? 0,
        organizationId: op.organizationId,
      });
      this.nextId = Math.max(this.nextId, id + 1);
    }
  }

  reset(): void {
    this.organizations.clear();
    this.operators.clear();
    this.nextId = FIRST_OPERATOR_ID;
  }

  organizationList(): ChatHubOrganization[] {
    return [...this.organizations.values()].map((org) => ({ ...org }));
  }

  organization(id: number): ChatHubOrganization | undefined {
    return this.organizations.get(id);
  }

  operator(id: number): ChatHubOperator | undefined {
    return this.operators.get(id);
  }

  operatorList(organizationId?: number): ChatHubOperator[] {
    return [...this.operators.values()]
      .filter((op) => organizationId === undefined || op.organizationId === organizationId)
      .sort((a, b) => a.id - b.id)
      .map((op) => ({ ...op }));
  }

  // Every item becomes a new operator, even when the name exists: the platform does not dedupe.
  create(items: Array<{ organizationId: number; name: string }>): ChatHubOperator[] {
    return items.map(({ organizationId, name }) => {
      const op: ChatHubOperator = { id: this.nextId++, name, status: 0, organizationId };
      this.operators.set(op.id, op);
      return { ...op };
    });
  }

  setStatus(id: number, status: ChatHubOperatorStatus): boolean {
    const op = this.operators.get(id);
    if (!op) {
      return false;
    }
    op.status = status;
    return true;
  }
}
