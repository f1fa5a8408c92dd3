import type { EntityManager } from 'typeorm';

import { CHANGE_CHANNEL, type ChangeTopic, encodeNoticeTail } from '@app/database/change-feed.types';
import { replicaIdOf } from '@app/database/replica-identity';

// One round trip: bump the counter and notify. The upsert survives an emptied table (tests
// truncate it); its row lock orders the commits of every announcing transaction, so versions
// arrive consecutively and a listener can tell it missed one. PostgreSQL serialises the commits
// of notifying transactions anyway, so the lock costs little more.
const BUMP_AND_NOTIFY = `
  WITH bumped AS (
    INSERT INTO change_feed (id, version) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET version = change_feed.version + 1
    RETURNING version
  )
  SELECT pg_notify($1, '{"v":' || version::text || $2::text) FROM bumped`;

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
  await manager.query(BUMP_AND_NOTIFY, [
    CHANGE_CHANNEL,
    encodeNoticeTail(replicaIdOf(manager.connection), topic, data),
  ]);
}
