import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, In, LessThan } from 'typeorm';
import { INBOX_STATES, InboxEventEntity, type InboxState } from '@app/database/entities/inbox-event.entity';
import type { InboxRow } from '@app/database/inbox-writer/inbox-delivery';
import { createInboxWriter, type InboxWriter } from '@app/database/inbox-writer/inbox-writer';
import { onSqliteConnection } from '@app/database/inbox-writer/sqlite-connection';
import { markDoneMany } from '@app/database/inbox-writer/inbox-done-marks';
import { claimDuePostgres } from '@app/database/inbox-writer/postgres-inbox-claims';
import { claimDueSqlite, markDoneSqlite } from '@app/database/inbox-writer/sqlite-inbox-claims';
import {
  NOTHING_TO_REDACT,
  PERSISTENCE_REDACTOR,
  type PersistenceRedactor,
} from '@app/database/persistence-redactor';
import { replicaIdOf } from '@app/database/replica-identity';
import { isPostgres, runInTransaction, runStatement } from '@app/database/run-in-transaction';
import { toIso } from '@app/database/transformers/iso-date.transformer';

export interface NewInboxEvent {
  connectorId: string;
  /** Unique per connector: a redelivery with the same key is ignored. */
  dedupeKey: string;
  kind: string;
  /** The canonical event as JSON text. */
  payload: string;
  receivedAt?: Date;
}

/** The digest of what a delivery's signature covers, on record until `expiresAt`. */
export interface WebhookReceipt {
  connectorId: string;
  digest: string;
  expiresAt: Date;
}

export interface ClaimDueParams {
  limit: number;
  now?: Date;
  /**
   * How long a claimed event stays invisible to other claimers. The claim moves `next_attempt_at`
   * this far ahead, so a processor that crashes mid-event gives the event back once the lease ends.
   */
  leaseMs?: number;
}

export interface ListEventsParams {
  state?: InboxState;
  connectorId?: string;
  /** Only events with a smaller id (the page after the one that ended with that id). */
  beforeId?: number;
  limit: number;
}

export interface InboxStats {
  depthByState: Record<InboxState, number>;
  oldestPendingReceivedAt: Date | null;
}

// How long a claim keeps an event from other processors; a replica that dies mid-batch delays its
// events by at most this much.
const DEFAULT_LEASE_MS = 60_000;
// Nothing will happen to these any more (but a replay, which retention no longer allows).
const FINAL_STATES: InboxState[] = ['done', 'dead'];

@Injectable()
export class InboxRepository {
  private readonly writer: InboxWriter;

  constructor(
    private readonly dataSource: DataSource,
    @Optional()
    @Inject(PERSISTENCE_REDACTOR)
    private readonly redactor: PersistenceRedactor = NOTHING_TO_REDACT,
  ) {
    this.writer = createInboxWriter(dataSource);
  }

  /**
   * Stores a delivery's events in one transaction, skipping dedupe keys already stored. With a
   * `receipt`, a delivery whose digest is already on record (and not expired) is a replay: nothing
   * is stored. Concurrent calls share a transaction (group commit); each resolves after its commit.
   */
  async insertEvents(
    events: readonly NewInboxEvent[],
    now = new Date(),
    receipt?: WebhookReceipt,
  ): Promise<{ inserted: number; duplicates: number; replayed: boolean }> {
    if (events.length === 0) {
      return { inserted: 0, duplicates: 0, replayed: false };
    }
    return this.writer.submit({
      rows: events.map((event) => this.newRow(event, now)),
      receipt: receipt && {
        connectorId: receipt.connectorId,
        digest: receipt.digest,
        expiresAt: toIso(receipt.expiresAt),
        now: toIso(now),
      },
    });
  }

  /**
   * Deletes up to `batch` receipts that expired before `now` (their deliveries could no longer
   * verify). Returns how many went; call again until fewer than `batch` went.
   */
  async pruneReceipts(now: Date, batch: number): Promise<number> {
    const postgres = isPostgres(this.dataSource);
    const p = (i: number) => (postgres ? `$${i}` : '?');
    const remove = `DELETE FROM "webhook_receipts" WHERE ("connector_id", "digest") IN (
      SELECT "connector_id", "digest" FROM "webhook_receipts" WHERE "expires_at" < ${p(1)}
      ORDER BY "expires_at" LIMIT ${p(2)}) RETURNING "digest"`;
    // TypeORM answers a PostgreSQL DELETE with [rows, count]; wrapped in a SELECT it answers rows.
    const sql = postgres ? `WITH gone AS (${remove}) SELECT "digest" FROM gone` : remove;
    return (await runStatement(this.dataSource, sql, [toIso(now), batch])).length;
  }

  /**
   * Claims up to `limit` pending or failed events that are due, bumping their attempts and naming
   * this replica in `claimed_by` (whose claims a dead replica left is then plain to see). On
   * PostgreSQL rows locked by another replica's claim are skipped (FOR UPDATE SKIP LOCKED), so two
   * claimers never get the same event; SQLite has one writer and needs no row locks.
   */
  async claimDue(params: ClaimDueParams): Promise<InboxEventEntity[]> {
    const now = params.now ?? new Date();
    const leaseUntil = new Date(now.getTime() + (params.leaseMs ?? DEFAULT_LEASE_MS));
    const claim = {
      limit: params.limit,
      now: toIso(now),
      leaseUntil: toIso(leaseUntil),
      claimedBy: replicaIdOf(this.dataSource),
    };
    return isPostgres(this.dataSource)
      ? claimDuePostgres(this.dataSource, claim)
      : onSqliteConnection(this.dataSource, (db) => claimDueSqlite(db, claim));
  }

  /**
   * On a single instance (SQLite) nobody else can hold a claim at start: events claimed by a
   * process that was killed are due again at once instead of when their lease ends.
   */
  async releaseClaimsAtStart(now = new Date()): Promise<number> {
    if (isPostgres(this.dataSource)) {
      return 0; // another replica may be working on them; their lease ends soon enough
    }
    const result = await runInTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .update(InboxEventEntity)
        .set({ nextAttemptAt: now })
        .where('state = :state', { state: 'pending' })
        .andWhere('attempts > 0')
        .andWhere('next_attempt_at > :now', { now: toIso(now) })
        .execute(),
    );
    return result.affected ?? 0;
  }

  async markDone(id: number, now = new Date()): Promise<void> {
    if (isPostgres(this.dataSource)) {
      await runStatement(
        this.dataSource,
        `UPDATE "inbox_events" SET "state" = 'done', "processed_at" = $1 WHERE "id" = $2`,
        [toIso(now), id],
      );
    } else {
      await onSqliteConnection(this.dataSource, (db) => markDoneSqlite(db, id, toIso(now)));
    }
  }

  /** Several applied events `done` at once: one statement for a processed batch. */
  async markDoneMany(ids: readonly number[], now = new Date()): Promise<void> {
    await markDoneMany(this.dataSource, ids, toIso(now));
  }

  async markFailed(id: number, error: string, nextAttemptAt: Date): Promise<void> {
    await this.update(id, { state: 'failed', lastError: this.redactor.redact(error), nextAttemptAt });
  }

  async markDead(id: number, error: string, now = new Date()): Promise<void> {
    await this.update(id, { state: 'dead', lastError: this.redactor.redact(error), processedAt: now });
  }

  /** Newest first. */
  list(params: ListEventsParams): Promise<InboxEventEntity[]> {
    return this.dataSource.getRepository(InboxEventEntity).find({
      where: {
        state: params.state,
        connectorId: params.connectorId,
        id: params.beforeId === undefined ? undefined : LessThan(params.beforeId),
      },
      order: { id: 'DESC' },
      take: params.limit,
    });
  }

  findById(id: number): Promise<InboxEventEntity | null> {
    return this.dataSource.getRepository(InboxEventEntity).findOneBy({ id });
  }

  /**
   * Deletes up to `batch` events in a final state (`done`, `dead`) received before `before`,
   * oldest first. Returns how many went; call again until fewer than `batch` went.
   */
  async prune(before: Date, batch: number): Promise<number> {
    return runInTransaction(this.dataSource, async (manager) => {
      const rows = await manager
        .createQueryBuilder(InboxEventEntity, 'event')
        .select('event.id', 'id')
        .where('event.state IN (:...states)', { states: FINAL_STATES })
        .andWhere('event.receivedAt < :before', { before: toIso(before) })
        .orderBy('event.id', 'ASC')
        .limit(batch)
        .getRawMany<{ id: number | string }>();
      if (rows.length === 0) {
        return 0;
      }
      const result = await manager.delete(InboxEventEntity, { id: In(rows.map((row) => Number(row.id))) });
      return result.affected ?? rows.length;
    });
  }

  /**
   * Puts a dead or failed event back in the queue with a fresh attempt budget. Returns null when the
   * event does not exist, and the event unchanged when it is pending or done (check its `state`).
   */
  replay(id: number, now = new Date()): Promise<InboxEventEntity | null> {
    return runInTransaction(this.dataSource, async (manager) => {
      const event = await manager.findOneBy(InboxEventEntity, { id });
      if (event === null || (event.state !== 'dead' && event.state !== 'failed')) {
        return event;
      }
      await manager.update(
        InboxEventEntity,
        { id },
        { state: 'pending', attempts: 0, nextAttemptAt: now, processedAt: null },
      );
      return manager.findOneByOrFail(InboxEventEntity, { id });
    });
  }

  async stats(): Promise<InboxStats> {
    const repository = this.dataSource.getRepository(InboxEventEntity);
    const rows = await repository
      .createQueryBuilder('event')
      .select('event.state', 'state')
      .addSelect('COUNT(*)', 'count')
      .groupBy('event.state')
      .getRawMany<{ state: InboxState; count: number | string }>();
    const depthByState = Object.fromEntries(INBOX_STATES.map((state) => [state, 0])) as Record<
      InboxState,
      number
    >;
    for (const row of rows) {
      depthByState[row.state] = Number(row.count); // PostgreSQL returns COUNT(*) as a string
    }
    const oldest = await repository
      .createQueryBuilder('event')
      .select('MIN(event.receivedAt)', 'oldest')
      .where('event.state = :state', { state: 'pending' })
      .getRawOne<{ oldest: string | null }>();
    return {
      depthByState,
      oldestPendingReceivedAt: oldest?.oldest ? new Date(oldest.oldest) : null,
    };
  }

  private newRow(event: NewInboxEvent, now: Date): InboxRow {
    return {
      connectorId: event.connectorId,
      // Dedupe keys are built from what the sender wrote (a delivery id, an account id).
      dedupeKey: this.redactor.redact(event.dedupeKey),
      kind: event.kind,
      payload: this.redactor.redact(event.payload),
      receivedAt: toIso(event.receivedAt ?? now),
    };
  }

  private async update(id: number, values: Partial<InboxEventEntity>): Promise<void> {
    await runInTransaction(this.dataSource, (manager) => manager.update(InboxEventEntity, { id }, values));
  }
}
