import type { DesiredOperator, OperatorStatus } from '@app/core/operator.types';
import type { ChatPlatformAdapter, ListOperatorsParams } from '@app/platforms/chat-platform.adapter';

export type ContractRoute = 'list' | 'create' | 'update';
/** `disconnect-after`: the platform applies the request, then drops the connection unanswered. */
export type ContractFault = 'server-error' | 'rate-limit' | 'garbage' | 'disconnect-after';

export interface SeededOperator {
  /** Directory key; platforms that derive their ids from it (Tencent) use it. */
  key: string;
  name: string;
  email?: string;
  status?: OperatorStatus;
}

/** What each platform provides to run the shared suite against its simulator. */
export interface ContractHarness {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * A fresh adapter; `badCredentials` builds one whose credentials the simulator refuses,
   * `timeoutMs` overrides the connector's request timeout.
   */
  adapter(options?: { badCredentials?: boolean; timeoutMs?: number }): ChatPlatformAdapter;
  seedOperator(operator: SeededOperator): Promise<string>;
  remoteOperator(remoteId: string): Promise<Omit<SeededOperator, 'key'> | undefined>;
  injectFault(fault: ContractFault, route: ContractRoute, times: number): void;
  /** The next `times` requests of the route are handled (and applied) only after `ms`. */
  injectLatency(route: ContractRoute, ms: number, times: number): void;
  /**
   * How many operators the platform itself holds under this operator's natural key (ChatHub:
   * name, Chatwoot and LHC: e-mail, Tencent: UserID), read from its state, not through the adapter.
   */
  countOnPlatform(operator: DesiredOperator): number;
  /** Requests of the route the platform has received and not handled yet (e.g. in a latency). */
  pendingRequests(route: ContractRoute): number;
  writeCalls(): number;
  resetCounters(): void;
}

/** What the suite must know of a platform's simulator. */
export interface ContractOptions {
  /** Mirrors `operatorModel.statusStored`: whether the simulator itself can show a status. */
  statusStored: boolean;
}

type LinkState = ListOperatorsParams['links'][number];

/** What one case of the suite works on; set afresh before every case. */
export interface ContractCase {
  harness: ContractHarness;
  sut: ChatPlatformAdapter;
  /** The candidates and links the engine would pass: what the case has seeded or created. */
  known: DesiredOperator[];
  links: LinkState[];
}

export const desired = (overrides: Partial<DesiredOperator> = {}): DesiredOperator => ({
  key: 'contract-op',
  name: 'Contract Operator',
  email: 'contract.operator@example.com',
  role: 'agent',
  status: 'active',
  ...overrides,
});

/** The platform's operators, listed as the engine lists them. */
export const listFor = (c: ContractCase, adapter: ChatPlatformAdapter = c.sut) =>
  adapter.listOperators({ candidates: c.known, links: c.links });

/** Seeds an operator on the platform and remembers it as a candidate with its link, as the engine would. */
export const seedFor = async (c: ContractCase, operator: SeededOperator): Promise<string> => {
  c.known.push(
    desired({
      key: operator.key,
      name: operator.name,
      email: operator.email,
      status: operator.status ?? 'active',
    }),
  );
  const remoteId = await c.harness.seedOperator(operator);
  c.links.push({ operatorKey: operator.key, remoteId, remoteStatus: operator.status ?? 'active' });
  return remoteId;
};
