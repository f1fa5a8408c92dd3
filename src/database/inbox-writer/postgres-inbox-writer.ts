import type { DataSource, EntityManager } from 'typeorm';

import {
  type DeliveryOutcome,
  type InboxDelivery,
  type InboxRow,
  receiptKey,
  recordReceiptSql,
  replayedOutcome,
  rowKey,
} from '@app/database/inbox-writer/inbox-delivery';
import { chunk } from '@app/database/run-in-transaction';

const RECORD_RECEIPT = recordReceiptSql((n) => `$${n}`);
// 6 parameters a row: far below PostgreSQL's 65,535 bound parameters a statement.
const ROWS_PER_INSERT = 500;

/** One multi-row INSERT … ON CONFLICT DO NOTHING; answers the keys of the rows it inserted. */
const insertRows = async (manager: EntityManager, rows: readonly InboxRow[]): Promise<Set<string>> => {
  const stored = new Set<string>();
  for (const part of chunk(rows, ROWS_PER_INSERT)) {
    const values = part.map((_, i) => {
      const p = i * 6;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, 'pending', 0, $${p + 6})`;
    });
    const returned = await manager.query<Array<{ connector_id: string; dedupe_key: string }>>(
      `INSERT INTO "inbox_events" ("connector_id", "dedupe_key", "kind", "payload", "received_at", "state", "attempts", "next_attempt_at")
       VALUES ${values.join(', ')}
       ON CONFLICT ("connector_id", "dedupe_key") DO NOTHING RETURNING "connector_id", "dedupe_key"`,
      part.flatMap((row) => [
        row.connectorId,
        row.dedupeKey,
        row.kind,
        row.payload,
        row.receivedAt,
        row.receivedAt,
      ]),
    );
    for (const row of returned) {
      stored.add(rowKey({ connectorId: row.connector_id, dedupeKey: row.dedupe_key }));
    }
  }
  return stored;
};

/**
 * Writes a batch of deliveries in one PostgreSQL transaction (one COMMIT, one WAL flush): receipts
 * first, one statement each (each is checked against its own arrival time), then every accepted
 * delivery's events in one multi-row insert. Outcomes are those of the deliveries written one after
 * another: a key or digest repeated in the batch is a duplicate or replay of the earlier one.
 */
export const writeDeliveriesPostgres = (
  dataSource: DataSource,
  deliveries: readonly InboxDelivery[],
): Promise<DeliveryOutcome[]> =>
  dataSource.transaction(async (manager) => {
    const recorded = new Set<string>();
    const accepted: boolean[] = [];
    for (const { receipt } of deliveries) {
      if (receipt === undefined) {
        accepted.push(true);
        continue;
      }
      const key = receiptKey(receipt);
      // A second delivery of one digest in a batch is a replay of the first; asking the database
      // again would also make PostgreSQL update a row this transaction inserted.
      const fresh =
        !recorded.has(key) &&
        (
          await manager.query<unknown[]>(RECORD_RECEIPT, [
            receipt.connectorId,
            receipt.digest,
            receipt.expiresAt,
            receipt.now,
          ])
        ).length === 1;
      recorded.add(key);
      accepted.push(fresh);
    }
    const stored = await insertRows(
      manager,
      deliveries.flatMap((delivery, index) => (accepted[index] ? delivery.rows : [])),
    );
    // The statement inserted the first row of a repeated key; credit it to the first delivery.
    const credited = new Set<string>();
    return deliveries.map((delivery, index) => {
      if (!accepted[index]) {
        return replayedOutcome(delivery);
      }
      let inserted = 0;
      for (const row of delivery.rows) {
        const key = rowKey(row);
        if (stored.has(key) && !credited.has(key)) {
          credited.add(key);
          inserted++;
        }
      }
      return { inserted, duplicates: delivery.rows.length - inserted, replayed: false };
    });
  });
