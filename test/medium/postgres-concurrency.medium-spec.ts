import type { DataSource } from 'typeorm';
import { openDataSource } from '@app/database/database.module';
import { InboxEventEntity } from '@app/database/entities/inbox-event.entity';
import {
  connectorLockKey,
  ConnectorLockRepository,
} from '@app/database/repositories/connector-lock.repository';
import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { inboxEventFactory } from '../factories/inbox-event.factory';
import { useTestDatabase } from './support/test-database';

const NOW = new Date('2025-03-01T10:00:00.000Z');
/** How long a lock may take to be taken or to die with its session; on a loaded machine, longer. */
const LOCK_WAIT_MS = 30_000;

// Several replicas share one PostgreSQL: each test opens a second data source (its own pool) on
// the same database to play the other replica.
describe('PostgreSQL with two replicas', () => {
  const db = useTestDatabase('postgres');
  let replica: DataSource;

  beforeEach(async () => {
    replica = await openDataSource(db.url);
  });

  afterEach(async () => {
    await replica.destroy();
  });

  it('should name the session holding a connector’s advisory lock when its holder row is not written yet', async () => {
    const session = replica.createQueryRunner();
    try {
      await session.query('SELECT pg_advisory_lock($1::bigint)', [connectorLockKey('lhc')]);

      const attempt = await new ConnectorLockRepository(db.dataSource).tryAcquire('lhc', {
        holder: 'daemon',
      });

      expect(attempt).toEqual({
        acquired: false,
        holder: expect.stringMatching(/^chat-bridge \(PostgreSQL backend pid \d+( from [0-9.]+)?\)$/),
      });
    } finally {
      await session.query('SELECT pg_advisory_unlock_all()');
      await session.release();
    }
  });

  it('should never give the same event to two concurrent claimers', async () => {
    await new InboxRepository(db.dataSource).insertEvents(
      Array.from({ length: 300 }, (_, i) => inboxEventFactory({ dedupeKey: `e-${i}`, receivedAt: NOW })),
    );
    const claimers = [new InboxRepository(db.dataSource), new InboxRepository(replica)];
    const seen: number[] = [];

    // Each claimer drains in small bites until nothing is left; the bites overlap in time.
    await Promise.all(
      claimers.flatMap((claimer) =>
        [1, 2, 3].map(async () => {
          for (;;) {
            const claimed = await claimer.claimDue({ limit: 7, now: NOW });
            if (claimed.length === 0) {
              return;
            }
            seen.push(...claimed.map((event) => event.id));
          }
        }),
      ),
    );

    expect(seen).toHaveLength(300);
    expect(new Set(seen).size).toBe(300);
  });

  it('should skip rows another replica is claiming instead of waiting for them', async () => {
    await new InboxRepository(db.dataSource).insertEvents([
      inboxEventFactory({ dedupeKey: 'locked', receivedAt: NOW }),
      inboxEventFactory({ dedupeKey: 'free', receivedAt: NOW }),
    ]);
    const other = replica.createQueryRunner();
    await other.startTransaction();
    try {
      await other.manager
        .createQueryBuilder(InboxEventEntity, 'event')
        .where('event.dedupeKey = :key', { key: 'locked' })
        .setLock('pessimistic_write')
        .getMany();

      const claimed = await new InboxRepository(db.dataSource).claimDue({ limit: 10, now: NOW });

      expect(claimed.map((event) => event.dedupeKey)).toEqual(['free']);
    } finally {
      await other.rollbackTransaction();
      await other.release();
    }
  });

  it('should keep a connector locked against another replica while the holder works', async () => {
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    const holder = new ConnectorLockRepository(db.dataSource).withLock('lhc', () => holding);
    await waitForAdvisoryLock(replica, 'lhc');

    const contender = new ConnectorLockRepository(replica);
    const work = jest.fn(() => Promise.resolve());

    const refused = await contender.withLock('lhc', work);
    release();
    await holder;
    expect(refused).toEqual({ acquired: false, holder: expect.stringMatching(/^chat-bridge pid \d+ on /) });
    expect(work).not.toHaveBeenCalled();
    expect(await contender.withLock('lhc', work)).toEqual({ acquired: true, result: undefined });
  });

  it('should free the lock for other replicas when the holder’s work throws', async () => {
    const holder = new ConnectorLockRepository(db.dataSource);

    await expect(holder.withLock('lhc', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

    // Asked from another pool: a lock leaked on a pooled session would still be held here.
    expect(await new ConnectorLockRepository(replica).withLock('lhc', () => Promise.resolve(1))).toEqual({
      acquired: true,
      result: 1,
    });
  });

  it('should free the lock when the holding replica’s connection dies', async () => {
    let finishWork!: () => void;
    const working = new Promise<void>((resolve) => (finishWork = resolve));
    const holder = new ConnectorLockRepository(db.dataSource).withLock('lhc', () => working);
    await waitForAdvisoryLock(replica, 'lhc');

    await replica.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()`,
    );

    // pg_terminate_backend only signals the backend: its session (and lock) ends a moment later,
    // how much later depends on the machine's load, so the retries end at a generous deadline.
    const contender = new ConnectorLockRepository(replica);
    const deadline = Date.now() + LOCK_WAIT_MS;
    let taken = await contender.withLock('lhc', () => Promise.resolve('mine'));
    while (!taken.acquired && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 20));
      taken = await contender.withLock('lhc', () => Promise.resolve('mine'));
    }
    expect(taken).toEqual({ acquired: true, result: 'mine' });
    finishWork();
    // The old holder's work still counts; only its unlock failed, with the dead connection.
    expect(await holder).toEqual({ acquired: true, result: undefined });
  });
});

/** Polls pg_locks until some session holds the connector's advisory lock. */
async function waitForAdvisoryLock(dataSource: DataSource, connectorId: string): Promise<void> {
  const key = BigInt(connectorLockKey(connectorId));
  // pg_locks splits a bigint advisory key into classid (high 32 bits) and objid (low 32 bits).
  const classid = Number(BigInt.asUintN(32, key >> 32n));
  const objid = Number(BigInt.asUintN(32, key));
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (Date.now() < deadline) {
    const rows: unknown[] = await dataSource.query(
      `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND granted`,
      [classid, objid],
    );
    if (rows.length > 0) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Nobody took the advisory lock of ${connectorId}`);
}
