import type BetterSqlite3 from 'better-sqlite3';

import {
  type DeliveryOutcome,
  type InboxDelivery,
  recordReceiptSql,
  replayedOutcome,
} from '@app/database/inbox-writer/inbox-delivery';
import { preparedPerConnection } from '@app/database/inbox-writer/sqlite-connection';

interface Statements {
  /** better-sqlite3 prepares BEGIN/COMMIT/ROLLBACK when a transaction function is made: once. */
  writeAll: (batch: readonly InboxDelivery[]) => DeliveryOutcome[];
}

// Prepared once per connection: parsing SQL per delivery was a large part of the old path's cost.
const prepare = (db: BetterSqlite3.Database): Statements => {
  const recordReceipt = db.prepare(recordReceiptSql(() => '?'));
  const insertEvent = db.prepare(
    `INSERT INTO "inbox_events" ("connector_id", "dedupe_key", "kind", "payload", "received_at", "state", "attempts", "next_attempt_at")
     VALUES (?, ?, ?, ?, ?, 'pending', 0, ?)
     ON CONFLICT ("connector_id", "dedupe_key") DO NOTHING RETURNING "id"`,
  );
  const writeOne = (delivery: InboxDelivery): DeliveryOutcome => {
    const { receipt } = delivery;
    if (
      receipt !== undefined &&
      recordReceipt.get(receipt.connectorId, receipt.digest, receipt.expiresAt, receipt.now) === undefined
    ) {
      return replayedOutcome(delivery);
    }
    let inserted = 0;
    for (const row of delivery.rows) {
      const { connectorId, dedupeKey, kind, payload, receivedAt } = row;
      if (insertEvent.get(connectorId, dedupeKey, kind, payload, receivedAt, receivedAt) !== undefined) {
        inserted++;
      }
    }
    return { inserted, duplicates: delivery.rows.length - inserted, replayed: false };
  };
  return {
    writeAll: db.transaction((batch: readonly InboxDelivery[]) => batch.map(writeOne)),
  };
};

const statementsOf = preparedPerConnection(prepare);

/**
 * Writes a batch of deliveries in one SQLite transaction on the daemon's own connection, in order,
 * exactly as if they had come one after another: a dedupe key or digest repeated inside the batch
 * counts as a duplicate or a replay of the earlier one. Must run in the write queue's turn (see
 * onSqliteConnection), so no other transaction is open on the connection; the COMMIT has happened (or the
 * whole batch rolled back and this threw) when it returns.
 */
export const writeDeliveriesSqlite = (
  db: BetterSqlite3.Database,
  deliveries: readonly InboxDelivery[],
): DeliveryOutcome[] => {
  return statementsOf(db).writeAll(deliveries);
};
