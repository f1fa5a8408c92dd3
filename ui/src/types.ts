/** The admin API's answers, as GET /api/openapi.json describes them. */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface Change {
  operatorKey: string | null;
  action: 'create' | 'update' | 'delete' | 'link' | 'report';
  field: string | null;
  before: Json;
  after: Json;
  outcome: 'planned' | 'applied' | 'failed' | 'rejected' | 'skipped' | 'unknown';
  error: string | null;
}

export interface Run {
  id: number;
  connectorId: string;
  kind: string;
  trigger: string;
  dryRun: boolean;
  outcome: string;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  error: string | null;
  changes?: Change[];
}

export interface Link {
  connectorId: string;
  remoteId: string;
  name: string;
  email: string | null;
  status: string | null;
  availability: string | null;
  seenAt: string;
}

export interface Finding {
  connectorId: string;
  kind: string;
  message: string;
}

export interface Operator {
  key: string;
  name: string;
  email: string | null;
  role: 'agent' | 'integration';
  status: 'active' | 'inactive' | 'deleted';
  availability: string | null;
  availabilityAt: string | null;
  availabilityConnectorId: string | null;
  links: Link[];
  findings: Finding[];
}

export interface Connector {
  id: string;
  type: string;
  enabled: boolean;
  health: string;
  credentials: 'accepted' | 'rejected' | 'unknown';
  lastError: string | null;
  consecutiveFailures: number;
  backoffUntil: string | null;
  lastSuccessAt: string | null;
  lastRun: Run | null;
  blockedRun: Run | null;
  nextRunAt: string | null;
  capabilities: string[];
}

export interface InboxEvent {
  id: number;
  connectorId: string;
  dedupeKey: string;
  kind: string;
  state: 'pending' | 'done' | 'failed' | 'dead';
  attempts: number;
  receivedAt: string;
  nextAttemptAt: string | null;
  processedAt: string | null;
  lastError: string | null;
  payload?: Json;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: Json };
}
