/** One inbox row as the write path stores it: texts already redacted, timestamps as ISO text. */
export interface InboxRow {
  connectorId: string;
  dedupeKey: string;
  kind: string;
  payload: string;
  receivedAt: string;
}

/** A receipt to record, and the moment before which an older receipt of the same digest lapsed. */
export interface ReceiptRow {
  connectorId: string;
  digest: string;
  expiresAt: string;
  now: string;
}

/** What one webhook delivery stores: all of its events, or nothing when its receipt is a replay. */
export interface InboxDelivery {
  rows: InboxRow[];
  receipt?: ReceiptRow;
}

export interface DeliveryOutcome {
  inserted: number;
  duplicates: number;
  replayed: boolean;
}

export const replayedOutcome = (delivery: InboxDelivery): DeliveryOutcome => ({
  inserted: 0,
  duplicates: delivery.rows.length,
  replayed: true,
});

export const receiptKey = (receipt: ReceiptRow): string => `${receipt.connectorId}\n${receipt.digest}`;
export const rowKey = (row: { connectorId: string; dedupeKey: string }): string =>
  `${row.connectorId}\n${row.dedupeKey}`;

/**
 * Records a receipt unless one for the same digest is still on record. A lapsed receipt is renewed
 * in place, so this path needs no delete of expired receipts (retention prunes them). Returns the
 * digest when the receipt was recorded, no row when the delivery is a replay. Parameters:
 * connector, digest, expires at, now. `placeholder(n)` spells the n-th parameter for the dialect.
 */
export const recordReceiptSql = (placeholder: (n: number) => string): string =>
  `INSERT INTO "webhook_receipts" ("connector_id", "digest", "expires_at") VALUES (${placeholder(1)}, ${placeholder(2)}, ${placeholder(3)})
ON CONFLICT ("connector_id", "digest") DO UPDATE SET "expires_at" = excluded."expires_at"
WHERE "webhook_receipts"."expires_at" < ${placeholder(4)}
RETURNING "digest"`;
