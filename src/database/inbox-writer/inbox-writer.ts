import type { DataSource } from 'typeorm';

import { GroupCommit } from '@app/database/inbox-writer/group-commit';
import type { DeliveryOutcome, InboxDelivery } from '@app/database/inbox-writer/inbox-delivery';
import { writeDeliveriesPostgres } from '@app/database/inbox-writer/postgres-inbox-writer';
import { writeDeliveriesSqlite } from '@app/database/inbox-writer/sqlite-inbox-writer';
import { isPostgres } from '@app/database/run-in-transaction';
import { onSqliteConnection, sqliteConnectionOf } from '@app/database/inbox-writer/sqlite-connection';

// Deliveries a transaction holds at most: bounds how long one COMMIT keeps the others waiting.
const MAX_DELIVERIES_PER_COMMIT = 256;

/**
 * The hot write path of webhook ingestion: deliveries that arrive together are stored together, in
 * one transaction, with plain SQL (prepared statements on SQLite). `submit` resolves once the
 * transaction holding the delivery has committed, so an acknowledgement still means "stored".
 */
export type InboxWriter = GroupCommit<InboxDelivery, DeliveryOutcome>;

export const createInboxWriter = (dataSource: DataSource): InboxWriter =>
  isPostgres(dataSource)
    ? new GroupCommit({
        // One transaction in flight: deliveries arriving meanwhile make the next, larger one.
        turn: async (work) => work(),
        commit: (deliveries) => writeDeliveriesPostgres(dataSource, deliveries),
        maxBatch: MAX_DELIVERIES_PER_COMMIT,
      })
    : new GroupCommit({
        // SQLite has one connection, shared with TypeORM: wait for the write queue's turn.
        turn: async (work) => onSqliteConnection(dataSource, work).then((outcomes) => outcomes),
        commit: (deliveries) => writeDeliveriesSqlite(sqliteConnectionOf(dataSource), deliveries),
        maxBatch: MAX_DELIVERIES_PER_COMMIT,
      });
