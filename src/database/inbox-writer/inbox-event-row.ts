import { InboxEventEntity } from '@app/database/entities/inbox-event.entity';

/** A row of `inbox_events` as the drivers return it to plain SQL. */
export interface InboxEventRow {
  id: number;
  connector_id: string;
  dedupe_key: string;
  kind: string;
  payload: string;
  received_at: string;
  state: InboxEventEntity['state'];
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  processed_at: string | null;
  claimed_by: string | null;
}

export const toInboxEvent = (row: InboxEventRow): InboxEventEntity =>
  Object.assign(new InboxEventEntity(), {
    id: Number(row.id),
    connectorId: row.connector_id,
    dedupeKey: row.dedupe_key,
    kind: row.kind,
    payload: row.payload,
    receivedAt: new Date(row.received_at),
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
    processedAt: row.processed_at === null ? null : new Date(row.processed_at),
    claimedBy: row.claimed_by,
  });
