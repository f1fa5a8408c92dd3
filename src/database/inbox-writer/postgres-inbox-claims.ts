import type { DataSource } from 'typeorm';

import type { InboxEventEntity } from '@app/database/entities/inbox-event.entity';
import { type InboxEventRow, toInboxEvent } from '@app/database/inbox-writer/inbox-event-row';

export interface PostgresClaim {
  limit: number;
  /** ISO text, as stored. */
  now: string;
  leaseUntil: string;
  claimedBy: string;
}

// Rows another replica's claim holds are skipped (SKIP LOCKED), so two claimers never share an
// event. The CTE keeps each row's due time from before the update, to answer in due order.
const CLAIM = `WITH due AS (
    SELECT "id", "next_attempt_at" AS "due_at" FROM "inbox_events"
    WHERE "state" IN ('pending', 'failed') AND "next_attempt_at" <= $1
    ORDER BY "next_attempt_at", "id" LIMIT $2
    FOR UPDATE SKIP LOCKED
  ), claimed AS (
    UPDATE "inbox_events" AS event
    SET "attempts" = event."attempts" + 1, "next_attempt_at" = $3, "claimed_by" = $4
    FROM due WHERE event."id" = due."id"
    RETURNING event.*, due."due_at"
  )
  SELECT * FROM claimed ORDER BY "due_at", "id"`;

/**
 * The processor's claim on PostgreSQL in one statement (one round trip, no BEGIN/COMMIT of its own):
 * due events in due order, attempts bumped, leased to `claimedBy` until `leaseUntil`.
 */
export const claimDuePostgres = async (
  dataSource: DataSource,
  { limit, now, leaseUntil, claimedBy }: PostgresClaim,
): Promise<InboxEventEntity[]> =>
  (await dataSource.query<InboxEventRow[]>(CLAIM, [now, limit, leaseUntil, claimedBy])).map(toInboxEvent);
