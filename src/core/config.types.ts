import type { OperatorRole, OperatorStatus } from '@app/core/operator.types';

/**
 * The validated, typed configuration. The class-validator DTOs in this folder implement these
 * interfaces; everything outside src/config reads only these types.
 */
export interface BridgeConfig {
  server: ServerConfig;
  database: DatabaseConfig;
  directory: DirectoryConfig;
  availability: AvailabilityConfig;
  retention: RetentionConfig;
  /** Where an admin is told when something goes wrong (none by default). */
  alerts: AlertSinkConfig[];
  connectors: ConnectorConfig[];
}

export interface ServerConfig {
  port: number;
  /** Bearer token for /api/*; without one the admin API answers 403. Secret. */
  adminToken?: string;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  shutdownGraceMs: number;
}

export interface DatabaseConfig {
  /** sqlite:./relative.sqlite, sqlite:/absolute.sqlite or postgres://… Secret (may hold a password). */
  url: string;
}

export type DeletionThreshold = { kind: 'percent'; value: number } | { kind: 'count'; value: number };

export interface RosterEntry {
  key: string;
  name: string;
  email?: string;
  role: OperatorRole;
  status: OperatorStatus;
}

export interface DirectoryConfig {
  /** `roster` or the id of the connector whose operator list is the truth. */
  source: string;
  unmanaged: 'report' | 'deactivate';
  deletionThreshold: DeletionThreshold;
  roster: RosterEntry[];
  /** Remote accounts never reported as unmanaged nor touched. */
  ignore: IgnoredAccount[];
}

/** `directory.ignore` entry: an account on `connector` known by its username or e-mail. */
export interface IgnoredAccount {
  connector: string;
  username?: string;
  email?: string;
}

/** How long rows are kept, e.g. `{ ms: 2592000000, text: '30d' }`. */
export interface Retention {
  ms: number;
  text: string;
}

export interface RetentionConfig {
  /** Runs (and their changes) started longer ago are pruned. */
  runs: Retention;
  /** Inbox events in a final state received longer ago are pruned. */
  events: Retention;
}

export interface AvailabilityConfig {
  propagate: 'unavailable' | 'all' | 'none';
}

export type Schedule = { kind: 'interval'; ms: number; text: string } | { kind: 'cron'; expression: string };

export const CONNECTOR_TYPES = ['livehelperchat', 'chatwoot', 'smsbat-chathub', 'tencent-chat'] as const;
export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

export interface WebhookConfig {
  /** Shared secret (LHC, Evolution: X-Bridge-Secret) or HMAC secret (Chatwoot). Secret. */
  secret?: string;
  /** Tencent callback token. Secret. */
  token?: string;
  /** Accept webhooks with no secret at all (warned at start). */
  insecure: boolean;
}

interface ConnectorBase {
  id: string;
  enabled: boolean;
  baseUrl: string;
  timeoutMs: number;
  schedule: Schedule;
  /** Requests per second to this platform. */
  rateLimit: number;
  /** Lets runs of this connector delete/deactivate past the deletion threshold. */
  allowDeletes: boolean;
  webhook: WebhookConfig;
}

export interface ChatHubConnectorConfig extends ConnectorBase {
  type: 'smsbat-chathub';
  auth: { companyToken?: string; login?: string; password?: string };
  options: { organizationId: number };
}

export interface LiveHelperChatConnectorConfig extends ConnectorBase {
  type: 'livehelperchat';
  auth: { username: string; apiKey: string };
  options: {
    departments: number[];
    userGroups: number[];
    /** How often the integration accounts' exclusion is re-sent although it reads as set. */
    reassertIntegrationEvery: { ms: number; text: string };
  };
}

export interface EvolutionOptions {
  baseUrl: string;
  apiKey: string;
  instance: string;
  enforce: boolean;
}

export interface ChatwootConnectorConfig extends ConnectorBase {
  type: 'chatwoot';
  auth: { apiAccessToken: string };
  options: {
    accountId: number;
    inboxes: number[];
    reopenedStatus: 'open' | 'keep';
    evolution?: EvolutionOptions;
  };
}

export interface TencentAssignmentOptions {
  strategy: 'least-busy' | 'round-robin' | 'sticky';
  maxAgents: number;
  fallbackGroupId?: number;
  agentGroupId?: number;
}

export interface TencentChatConnectorConfig extends ConnectorBase {
  type: 'tencent-chat';
  auth: { sdkAppId: number; identifier: string; secretKey: string };
  options: {
    userIdPrefix: string;
    desk: boolean;
    assignment: TencentAssignmentOptions;
  };
}

export type ConnectorConfig =
  | ChatHubConnectorConfig
  | LiveHelperChatConnectorConfig
  | ChatwootConnectorConfig
  | TencentChatConnectorConfig;

/** What an alert can be about; a sink's `events` picks some of these (all by default). */
export const ALERT_EVENTS = [
  'connector.degraded',
  'connector.bad_credentials',
  'connector.recovered',
  'run.blocked',
  'event.dead',
  'changes.failed',
] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export const ALERT_SINK_TYPES = ['webhook', 'slack', 'email'] as const;
export type AlertSinkType = (typeof ALERT_SINK_TYPES)[number];

interface AlertSinkBase {
  events: AlertEvent[];
  /** The same (event, connector) is not sent again within this window unless the condition changed. */
  repeatAfter: { ms: number; text: string };
  /** Alerts raised for this sink in any hour beyond this many are dropped (counted, logged). */
  maxPerHour: number;
  /** `changes.failed` is raised when a run has at least this many failed or rejected changes. */
  failedChangesThreshold: number;
}

export interface WebhookAlertSinkConfig extends AlertSinkBase {
  type: 'webhook';
  url: string;
  /** HMAC-SHA256 key of `X-Bridge-Signature`. Secret. */
  secret: string;
}

export interface SlackAlertSinkConfig extends AlertSinkBase {
  type: 'slack';
  /** A Slack-compatible incoming-webhook URL. Secret (whoever has it can post). */
  url: string;
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  username?: string;
  /** Secret. */
  password?: string;
}

export interface EmailAlertSinkConfig extends AlertSinkBase {
  type: 'email';
  smtp: SmtpConfig;
  from: string;
  to: string[];
}

export type AlertSinkConfig = WebhookAlertSinkConfig | SlackAlertSinkConfig | EmailAlertSinkConfig;
