import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { announceChange } from '@app/database/announce-change';
import { AssignmentCursorEntity } from '@app/database/entities/assignment-cursor.entity';
import { AssignmentSessionEntity } from '@app/database/entities/assignment-session.entity';
import { AssignmentStickyClientEntity } from '@app/database/entities/assignment-sticky-client.entity';
import { ChangeFeedEntity } from '@app/database/entities/change-feed.entity';
import { chunk, isPostgres, runInTransaction } from '@app/database/run-in-transaction';
import { toIso } from '@app/database/transformers/iso-date.transformer';

export interface AssignmentSession {
  connectorId: string;
  operatorKey: string;
  /** Epoch ms. */
  at: number;
}

export interface AssignmentCursor {
  connectorId: string;
  /** Only ever grows: the larger of two replicas' cursors wins. */
  rotation: number;
}

export interface StickyClient {
  connectorId: string;
  clientUserId: string;
  operatorKey: string;
}

/** What assign-agent answers and Desk session events add to the shared assignment state. */
export interface AssignmentChange {
  sessions: AssignmentSession[];
  cursors: AssignmentCursor[];
  sticky: StickyClient[];
}

// Notices carry tuples: a notice holds 7,000 bytes, and a burst of answers should fit in one.
type WireChange = {
  s: Array<[string, string, number]>;
  c: Array<[string, number]>;
  k: Array<[string, string, string]>;
};

/** The change as a notice carried it (see AssignmentStateRepository.save); null if malformed. */
export function decodeAssignmentChange(data: unknown): AssignmentChange | null {
  const wire = data as Partial<WireChange> | null;
  if (!wire || !Array.isArray(wire.s) || !Array.isArray(wire.c) || !Array.isArray(wire.k)) {
    return null;
  }
  return {
    sessions: wire.s.map(([connectorId, operatorKey, at]) => ({ connectorId, operatorKey, at })),
    cursors: wire.c.map(([connectorId, rotation]) => ({ connectorId, rotation })),
    sticky: wire.k.map(([connectorId, clientUserId, operatorKey]) => ({
      connectorId,
      clientUserId,
      operatorKey,
    })),
  };
}

const encode = (change: AssignmentChange): WireChange => ({
  s: change.sessions.map((s) => [s.connectorId, s.operatorKey, s.at]),
  c: change.cursors.map((c) => [c.connectorId, c.rotation]),
  k: change.sticky.map((k) => [k.connectorId, k.clientUserId, k.operatorKey]),
});

export interface LoadedAssignmentState extends AssignmentChange {
  /** `change_feed.version` the state is as of. */
  version: number;
}

/** Load, round-robin cursors and sticky agents of assign-agent answers, shared by the replicas. */
@Injectable()
export class AssignmentStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the change and announces it, in one transaction. */
  async save(change: AssignmentChange, now = new Date()): Promise<void> {
    const cursors = latestBy(
      change.cursors,
      (c) => c.connectorId,
      (a, b) => (b.rotation > a.rotation ? b : a),
    );
    const sticky = latestBy(
      change.sticky,
      (k) => `${k.connectorId}\u0000${k.clientUserId}`,
      (_a, b) => b,
    );
    await runInTransaction(this.dataSource, async (manager) => {
      for (const batch of chunk(change.sessions, 300)) {
        await manager.insert(
          AssignmentSessionEntity,
          batch.map((s) => ({ connectorId: s.connectorId, operatorKey: s.operatorKey, at: new Date(s.at) })),
        );
      }
      const postgres = isPostgres(this.dataSource);
      const p = (i: number) => (postgres ? `$${i}` : '?');
      for (const cursor of cursors) {
        await manager.query(
          `INSERT INTO assignment_cursors (connector_id, rotation, updated_at) VALUES (${p(1)}, ${p(2)}, ${p(3)})
           ON CONFLICT (connector_id) DO UPDATE SET updated_at = excluded.updated_at,
             rotation = ${postgres ? 'GREATEST' : 'MAX'}(assignment_cursors.rotation, excluded.rotation)`,
          [cursor.connectorId, cursor.rotation, toIso(now)],
        );
      }
      for (const batch of chunk(sticky, 300)) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(AssignmentStickyClientEntity)
          .values(batch.map((k) => ({ ...k, updatedAt: now })))
          .orUpdate(['operator_key', 'updated_at'], ['connector_id', 'client_user_id'])
          .updateEntity(false)
          .execute();
      }
      await announceChange(manager, 'assignment', encode({ sessions: change.sessions, cursors, sticky }));
    });
  }

  /**
   * The state to start from: sessions since `since`, every cursor, the `stickyLimit` latest
   * clients, and the change counter they are as of (one snapshot on PostgreSQL): a notice with
   * a version up to it is already in there.
   */
  async load(params: { since: Date; stickyLimit: number }): Promise<LoadedAssignmentState> {
    const read = async (manager: EntityManager): Promise<LoadedAssignmentState> => {
      const feed = await manager.findOneBy(ChangeFeedEntity, { id: 1 });
      const sessions = await manager
        .createQueryBuilder(AssignmentSessionEntity, 'session')
        .where('session.at >= :since', { since: toIso(params.since) })
        .orderBy('session.at', 'ASC')
        .addOrderBy('session.id', 'ASC')
        .getMany();
      const cursors = await manager.find(AssignmentCursorEntity);
      const sticky = await manager.find(AssignmentStickyClientEntity, {
        order: { updatedAt: 'DESC' },
        take: params.stickyLimit,
      });
      return {
        version: Number(feed?.version ?? 0),
        sessions: sessions.map((s) => ({
          connectorId: s.connectorId,
          operatorKey: s.operatorKey,
          at: s.at.getTime(),
        })),
        cursors: cursors.map((c) => ({ connectorId: c.connectorId, rotation: c.rotation })),
        // Oldest first, so that replaying them leaves the most recent last (an LRU's order).
        sticky: sticky.reverse().map((k) => ({
          connectorId: k.connectorId,
          clientUserId: k.clientUserId,
          operatorKey: k.operatorKey,
        })),
      };
    };
    return isPostgres(this.dataSource)
      ? this.dataSource.transaction('REPEATABLE READ', read)
      : read(this.dataSource.manager);
  }

  /** Forgets sessions outside the load window and customers not seen for a long time. */
  async prune(params: { sessionsBefore: Date; stickyBefore: Date }): Promise<void> {
    await runInTransaction(this.dataSource, async (manager) => {
      await manager
        .createQueryBuilder()
        .delete()
        .from(AssignmentSessionEntity)
        .where('at < :before', { before: toIso(params.sessionsBefore) })
        .execute();
      await manager
        .createQueryBuilder()
        .delete()
        .from(AssignmentStickyClientEntity)
        .where('updated_at < :before', { before: toIso(params.stickyBefore) })
        .execute();
    });
  }
}

// One row per key in a statement: PostgreSQL refuses an upsert that touches a row twice.
function latestBy<T>(items: readonly T[], keyOf: (item: T) => string, pick: (a: T, b: T) => T): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    const current = byKey.get(key);
    byKey.set(key, current === undefined ? item : pick(current, item));
  }
  return [...byKey.values()];
}
