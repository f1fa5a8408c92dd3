import type { DataSource, EntityManager } from 'typeorm';

import { CHANGE_CHANNEL, type ChangeTopic, encodeNoticeTail } from '@app/database/change-feed.types';
import { replicaIdOf } from '@app/database/replica-identity';

/**
 * Common table expressions that bump the change counter and notify, when `when` (an SQL condition)
 * holds. `channel` and `tail` are the placeholders of CHANGE_CHANNEL and of the notice's tail
 * (encodeNoticeTail). The upsert survives an emptied table (tests truncate it); its row lock orders
 * the commits of every announcing transaction, so versions arrive consecutively and a listener can
 * tell it missed one. PostgreSQL serialises the commits of notifying transactions anyway, so the
 * lock costs little more. A statement using them must read `announced` (an unread CTE without data
 * changes is never run), and the transaction should end soon after: it holds the counter's lock.
 */
export const announceChangeCtes = (channel: string, tail: string, when = 'TRUE'): string => `
  bumped AS (
    INSERT INTO change_feed (id, version) SELECT 1, 1 WHERE ${when}
    ON CONFLICT (id) DO UPDATE SET version = change_feed.version + 1
    RETURNING version
  ),
  announced AS (SELECT pg_notify(${channel}, '{"v":' || version::text || ${tail}::text) FROM bumped)`;

// One round trip: bump the counter and notify.
const BUMP_AND_NOTIFY = `WITH ${announceChangeCtes('$1', '$2')} SELECT * FROM announced`;

/** The notice's tail for announceChangeCtes: who changed what. */
export const noticeTailOf = (dataSource: DataSource, topic: ChangeTopic, data: unknown): string =>
  encodeNoticeTail(replicaIdOf(dataSource), topic, data);

/**
 * Tells every replica, on commit of `manager`'s transaction, that `topic` changed. Call it last in
 * the writing transaction (it holds the counter's row lock until commit). On SQLite there is one
 * process: it mirrors its own writes in memory and nobody needs telling.
 */
export async function announceChange(
  manager: EntityManager,
  topic: ChangeTopic,
  data: unknown,
): Promise<void> {
  if (manager.connection.options.type !== 'postgres') {
    return;
  }
  await manager.query(BUMP_AND_NOTIFY, [CHANGE_CHANNEL, noticeTailOf(manager.connection, topic, data)]);
}
