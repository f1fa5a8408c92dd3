import type BetterSqlite3 from 'better-sqlite3';

import type { InboxEventEntity } from '@app/database/entities/inbox-event.entity';
import { type InboxEventRow, toInboxEvent } from '@app/database/inbox-writer/inbox-event-row';
import { preparedPerConnection } from '@app/database/inbox-writer/sqlite-connection';

export interface SqliteClaim {
  limit: number;
  /** ISO text, as stored. */
  now: string;
  leaseUntil: string;
  claimedBy: string;
}

interface Statements {
  claim: (claim: SqliteClaim) => InboxEventEntity[];
  markDone: BetterSqlite3.Statement;
}

const prepare = (db: BetterSqlite3.Database): Statements => {
  const due = db.prepare(
    `SELECT "id" FROM "inbox_events" WHERE "state" IN ('pending', 'failed') AND "next_attempt_at" <= ?
     ORDER BY "next_attempt_at", "id" LIMIT ?`,
  );
  const take = db.prepare(
    `UPDATE "inbox_events" SET "attempts" = "attempts" + 1, "next_attempt_at" = ?, "claimed_by" = ?
     WHERE "id" IN (SELECT "value" FROM json_each(?)) RETURNING *`,
  );
  const claim = db.transaction(({ limit, now, leaseUntil, claimedBy }: SqliteClaim) => {
    const ids = (due.all(now, limit) as Array<{ id: number }>).map((row) => row.id);
    if (ids.length === 0) {
      return [];
    }
    const byId = new Map(
      (take.all(leaseUntil, claimedBy, JSON.stringify(ids)) as InboxEventRow[]).map((row) => [row.id, row]),
    );
    // Due order, which RETURNING does not keep.
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row === undefined ? [] : [toInboxEvent(row)];
    });
  });
  const markDone = db.prepare(
    `UPDATE "inbox_events" SET "state" = 'done', "processed_at" = ? WHERE "id" = ?`,
  );
  return { claim, markDone };
};

const statementsOf = preparedPerConnection(prepare);

/**
 * The processor's two statements of every event, on the daemon's SQLite connection with prepared
 * statements: a claim (due events in due order, attempts bumped, leased to `claimedBy`) and the
 * `done` mark. Like writeDeliveriesSqlite, they must run in the write queue's turn.
 */
export const claimDueSqlite = (db: BetterSqlite3.Database, claim: SqliteClaim): InboxEventEntity[] =>
  statementsOf(db).claim(claim);

export const markDoneSqlite = (db: BetterSqlite3.Database, id: number, processedAt: string): void => {
  statementsOf(db).markDone.run(processedAt, id);
};
