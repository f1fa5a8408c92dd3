import Database from 'better-sqlite3';

export interface InboxRow {
  connectorId: string;
  dedupeKey: string;
  kind: string;
  payload: unknown;
  state: 'done' | 'dead' | 'failed';
  attempts?: number;
  lastError?: string | null;
  receivedAt?: Date;
}

/**
 * Writes inbox events straight into a running daemon's SQLite file, in a final state the inbox
 * processor leaves alone: an event gets to `dead` only after eight attempts minutes apart, which no
 * test should wait for. Returns the new ids in order.
 */
export const insertInboxEvents = (sqlitePath: string, rows: readonly InboxRow[]): number[] => {
  const db = new Database(sqlitePath);
  try {
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare(
      `INSERT INTO "inbox_events" ("connector_id", "dedupe_key", "kind", "payload", "received_at", "state",
         "attempts", "next_attempt_at", "last_error", "processed_at")
       VALUES (@connectorId, @dedupeKey, @kind, @payload, @at, @state, @attempts, @at, @lastError, @at)`,
    );
    return rows.map((row) => {
      const at = (row.receivedAt ?? new Date()).toISOString();
      const result = insert.run({
        connectorId: row.connectorId,
        dedupeKey: row.dedupeKey,
        kind: row.kind,
        payload: JSON.stringify(row.payload),
        at,
        state: row.state,
        attempts: row.attempts ?? 1,
        lastError: row.lastError ?? null,
      });
      return Number(result.lastInsertRowid);
    });
  } finally {
    db.close();
  }
};
