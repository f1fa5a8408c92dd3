import type { ConnectorType } from '@app/core/config.types';
import type { Availability, DesiredOperator, OperatorRole, OperatorStatus } from '@app/core/operator.types';
import type { JsonValue } from '@app/core/json-value';
import type { PlatformError } from '@app/core/platform-error';
import type { AssignmentAnswer, PlatformWebhookHandler } from '@app/platforms/webhook.types';

export type OperatorField = 'name' | 'email';

/** How a platform stores operators; the planner reads this instead of asking "which platform?". */
export interface OperatorModel {
  /**
   * Key used to match a remote operator that has no link yet. `key`: the platform's id is derived
   * from the operator key (Tencent IM UserID = prefix + key) and the adapter reports it back.
   */
  matchBy: 'email' | 'name' | 'key';
  /** Fields that can be changed after creation (ChatHub: none). */
  updatableFields: readonly OperatorField[];
  /** Statuses the platform stores and reports back. Missing ones fall back (deleted → inactive). */
  statuses: readonly OperatorStatus[];
  /** A hard delete exists; used only when deletes are allowed. */
  hardDelete: boolean;
  /**
   * The platform stores the status itself. When false (Tencent IM has no "inactive"), the adapter
   * reports the status chat-bridge last applied, from the link.
   */
  statusStored: boolean;
}

/** A remote operator, already mapped to canonical terms by the adapter's mapper. */
export interface RemoteOperator {
  remoteId: string;
  /** The directory key encoded in the remote id, for `matchBy: 'key'` platforms. */
  key?: string;
  name: string;
  email?: string;
  /** The login, on platforms that have one besides the e-mail (LHC); matched by `directory.ignore`. */
  username?: string;
  status: OperatorStatus;
  /** `integration` marks the bridge's own API account (or another service account): never reported unmanaged. */
  role?: OperatorRole;
  availability?: Availability;
  /** The platform may report `offline` on its own (e.g. Chatwoot auto_offline): never propagate it. */
  availabilityWeak?: boolean;
}

/**
 * What the engine knows when it asks for the list. Platforms that cannot enumerate accounts
 * (Tencent IM) check the candidates; platforms that store no status read it from the links.
 */
export interface ListOperatorsParams {
  candidates: DesiredOperator[];
  links: Array<{ operatorKey: string; remoteId: string; remoteStatus: OperatorStatus | null }>;
}

export interface CreateOperatorsParams {
  operators: DesiredOperator[];
}

/**
 * Every requested key lands in exactly one list. A create is never sent twice within one call
 * unless the first attempt is known not to have reached the platform.
 */
export interface CreateOperatorsResult {
  /** Created by this call, or found on the platform when reading back after an unclear failure. */
  created: Array<{ key: string; remote: RemoteOperator }>;
  /** Known not to exist on the platform because of this call (refused, or never reached it). */
  failed: Array<{ key: string; error: PlatformError }>;
  /**
   * Sent, but the outcome could not be settled within the call: no answer (timeout, dropped
   * connection) or a 5xx that may have been committed, and still not found after reading back
   * (`error.outcomeUnknown` is true). The operator may exist by now or appear later: match it on
   * the next run's list before creating it again, never re-send blindly.
   */
  unknown: Array<{ key: string; error: PlatformError }>;
}

export interface UpdateOperatorParams {
  remoteId: string;
  operator: DesiredOperator;
  changes: { name?: string; email?: string; status?: OperatorStatus };
}

export interface DeleteOperatorParams {
  remoteId: string;
  operator?: DesiredOperator;
}

export interface ReadAvailabilityParams {
  /** The linked remote ids; platforms that cannot enumerate accounts read exactly these. */
  remoteIds: string[];
}

export interface AvailabilityReading {
  remoteId: string;
  availability: Availability;
  /** Decided by the platform or the network, not the person (auto-offline, dropped link). */
  weak?: boolean;
}

export interface SetAvailabilityParams {
  remoteId: string;
  operator: DesiredOperator;
  availability: Availability;
}

export type ConversationStatus = 'open' | 'pending' | 'resolved' | 'snoozed';

/** A conversation as the normalization rules need it (Chatwoot). */
export interface RemoteConversation {
  conversationId: string;
  inboxId: string;
  status: ConversationStatus;
  /** `AgentBot` when a bot holds it (Chatwoot `meta.assignee_type`). */
  assigneeType?: string;
  /** An agent has replied at some point (Chatwoot `first_reply_created_at`). */
  agentReplied: boolean;
  /** The last non-activity message came from the customer. */
  lastMessageIncoming: boolean;
  updatedAt: string;
}

export interface ListConversationsParams {
  status: ConversationStatus;
  inboxId: string;
  /** 1-based; an empty page ends the listing. */
  page: number;
}

export interface SetConversationStatusParams {
  conversationId: string;
  status: ConversationStatus;
}

/** Which resolved conversations the customer reopened are set `open` again (Chatwoot options). */
export interface ReopenPolicy {
  inboxes: number[];
  /** `keep` turns the rule off. */
  reopenedStatus: 'open' | 'keep';
}

export interface ReleaseChatParams {
  chatId: string;
}

/** How agents are chosen for a session the platform asks about (Tencent `options.assignment`). */
export interface AssignmentPolicy {
  strategy: 'least-busy' | 'round-robin' | 'sticky';
  maxAgents: number;
  /** Named in an answer that offers no agent. */
  fallbackGroupId?: number;
  /** Named in an answer that offers agents. */
  agentGroupId?: number;
}

/** A setting chat-bridge enforces (integration accounts kept unassignable, Evolution's flags). */
export interface SettingChange {
  operatorKey: string | null;
  /** What was checked, e.g. `exclude_autoasign` or `evolution.conversationPending`. */
  field: string;
  before: JsonValue;
  after: JsonValue;
  outcome: 'planned' | 'applied' | 'failed';
  error?: string;
}

export interface EnforceSettingsParams {
  /** Directory operators of role `integration` linked on this connector. */
  integrationAccounts: Array<{ operator: DesiredOperator; remoteId: string }>;
  /** Read and report only. */
  dryRun: boolean;
  /**
   * A run of the daemon's own schedule (its start-up run included). Settings the platform cannot
   * show are re-sent blind, as an audited write, once the facet's own slow period has passed (LHC
   * `options.reassertIntegrationEvery`); manual and event runs never re-send what reads as set.
   */
  scheduled?: boolean;
}

export interface DiagnoseParams {
  /** Directory operators of role `integration` found on this platform. */
  integrationAccounts: Array<{ operator: DesiredOperator; remoteId: string }>;
}

/** A platform setting that causes one of the known problems, with the way to fix it. */
export interface DoctorFinding {
  severity: 'error' | 'warning';
  message: string;
  fix: string;
}

/** `availability.read`: polled on every run, for platforms without (reliable) presence webhooks. */
export interface AvailabilityReadFacet {
  /** Current availability of the linked operators. */
  read(params: ReadAvailabilityParams): Promise<AvailabilityReading[]>;
}

/** `availability.write`: the platform takes an operator's availability from chat-bridge. */
export interface AvailabilityWriteFacet {
  write(params: SetAvailabilityParams): Promise<void>;
}

/** `conversations`: statuses the normalization rules read and set (Chatwoot). */
export interface ConversationsFacet {
  /** From the connector's options. */
  readonly reopenPolicy: ReopenPolicy;
  /** One page of an inbox's conversations in a status. */
  list(params: ListConversationsParams): Promise<RemoteConversation[]>;
  setStatus(params: SetConversationStatusParams): Promise<void>;
}

/** `assignment`: the platform asks which agents should take a session and waits (Tencent Desk). */
export interface AssignmentFacet {
  readonly policy: AssignmentPolicy;
  /** The id the answer names this operator by; undefined when it cannot be offered. */
  agentIdOf(operator: Pick<DesiredOperator, 'email'>): string | undefined;
  /** The response body answering the request (Tencent: its callback envelope). */
  reply(answer: AssignmentAnswer): unknown;
}

/** An integration account a chat just landed on; `operatorKey` is null outside the directory. */
export interface LandedOnParams {
  remoteId: string;
  operatorKey: string | null;
}

/** Hands a chat that landed on an integration account back to the queue (LHC). */
export interface ChatReleaseFacet {
  release(params: ReleaseChatParams): Promise<void>;
  /** Whether the platform itself makes this an integration account (LHC: the connector's API user). */
  isIntegrationAccount(remoteId: string): Promise<boolean>;
  /**
   * A chat landing on the account is evidence its exclusion drifted where the API cannot look: the
   * exclusion is re-sent at once, whatever it reads as, before the chat goes back to the queue.
   */
  reexclude(params: LandedOnParams): Promise<SettingChange[]>;
}

/** Platform settings chat-bridge enforces and verifies on every run (integration accounts, Evolution). */
export interface SettingsFacet {
  /** Returns only what differed (a quiet run returns []), so it stays idempotent. */
  enforce(params: EnforceSettingsParams): Promise<SettingChange[]>;
}

/**
 * The one port every chat platform implements. Built once per connector at start from validated
 * config and kept in the registry; raw platform shapes never leave the platform folder.
 * Operators are on every adapter; anything else is a facet, and a facet's presence is the
 * capability (`capabilitiesOf` names them).
 */
export interface ChatPlatformAdapter {
  readonly connectorId: string;
  readonly type: ConnectorType;
  readonly operatorModel: OperatorModel;

  /** Cheap authenticated call proving the credentials and base URL work. */
  checkConnection(): Promise<void>;
  /** Every operator on the platform (the adapter pages internally). */
  listOperators(params: ListOperatorsParams): Promise<RemoteOperator[]>;
  /** Creates operators, batching as the platform allows; partial failure is reported per key. */
  createOperators(params: CreateOperatorsParams): Promise<CreateOperatorsResult>;
  updateOperator(params: UpdateOperatorParams): Promise<void>;
  /** Present when `operatorModel.hardDelete`; used only when deletes are allowed. */
  deleteOperator?(params: DeleteOperatorParams): Promise<void>;
  /** Reads platform settings known to cause trouble (`chat-bridge doctor`). */
  diagnose?(params: DiagnoseParams): Promise<DoctorFinding[]>;
  /** Releases sockets and timers. */
  close?(): Promise<void>;

  readonly availabilityRead?: AvailabilityReadFacet;
  readonly availabilityWrite?: AvailabilityWriteFacet;
  readonly conversations?: ConversationsFacet;
  readonly assignment?: AssignmentFacet;
  readonly chatRelease?: ChatReleaseFacet;
  readonly settings?: SettingsFacet;
  readonly webhooks?: PlatformWebhookHandler;
}
