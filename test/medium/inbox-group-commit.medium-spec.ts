import type { DataSource } from 'typeorm';

import { openDataSource } from '@app/database/database.module';
import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { inboxEventFactory } from '../factories/inbox-event.factory';
import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** Concurrent deliveries: submitted in one tick, so the write path may put them in one transaction. */
describe.each(DATABASE_KINDS)('inbox group commit on %s', (kind) => {
  const db = useTestDatabase(kind);
  let sut: InboxRepository;
  // A second connection sees only what was committed.
  let observer: DataSource;

  beforeAll(async () => {
    observer = await openDataSource(db.url);
  });

  afterAll(async () => {
    await observer.destroy();
  });

  beforeEach(() => {
    sut = new InboxRepository(db.dataSource);
  });

  const committedKeys = async (): Promise<string[]> =>
    (await observer.query<Array<{ dedupe_key: string }>>('SELECT "dedupe_key" FROM "inbox_events"'))
      .map((row) => row.dedupe_key)
      .sort();

  it('should acknowledge each of many concurrent deliveries only once it is committed', async () => {
    const keys = Array.from({ length: 25 }, (_, i) => `concurrent-${i}`);
    const seenAtAcknowledgement: boolean[] = [];

    await Promise.all(
      keys.map(async (dedupeKey, i) => {
        const outcome = await sut.insertEvents([inboxEventFactory({ dedupeKey })], at(i));
        expect(outcome).toEqual({ inserted: 1, duplicates: 0, replayed: false });
        seenAtAcknowledgement[i] = (await committedKeys()).includes(dedupeKey);
      }),
    );

    expect(seenAtAcknowledgement).toEqual(keys.map(() => true));
    expect(await committedKeys()).toEqual([...keys].sort());
  });

  it('should refuse only the delivery that cannot be stored when its batch rolls back, and store the others', async () => {
    const healthy = Array.from({ length: 4 }, (_, i) => inboxEventFactory({ dedupeKey: `healthy-${i}` }));
    const broken = inboxEventFactory({ dedupeKey: 'broken', kind: null as unknown as string });

    const outcomes = await Promise.allSettled([
      ...healthy.slice(0, 2).map((event) => sut.insertEvents([event])),
      sut.insertEvents([broken]),
      ...healthy.slice(2).map((event) => sut.insertEvents([event])),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(await committedKeys()).toEqual(healthy.map((event) => event.dedupeKey).sort());
  });

  it('should store what comes after a failed batch', async () => {
    await expect(
      sut.insertEvents([inboxEventFactory({ kind: null as unknown as string })]),
    ).rejects.toThrow();

    expect(await sut.insertEvents([inboxEventFactory({ dedupeKey: 'after' })])).toEqual({
      inserted: 1,
      duplicates: 0,
      replayed: false,
    });
    expect(await committedKeys()).toEqual(['after']);
  });

  it('should count a dedupe key delivered twice in one batch once, keeping the first payload', async () => {
    const first = inboxEventFactory({ dedupeKey: 'twice', payload: '{"v":1}' });

    const outcomes = await Promise.all([
      sut.insertEvents([first]),
      sut.insertEvents([{ ...first, payload: '{"v":2}' }, inboxEventFactory({ dedupeKey: 'other' })]),
    ]);

    expect(outcomes).toEqual([
      { inserted: 1, duplicates: 0, replayed: false },
      { inserted: 1, duplicates: 1, replayed: false },
    ]);
    const stored = await sut.list({ limit: 10 });
    expect(stored.find((event) => event.dedupeKey === 'twice')?.payload).toBe('{"v":1}');
    expect(stored).toHaveLength(2);
  });

  it('should take a signed delivery posted twice in one batch as a replay the second time', async () => {
    const receipt = { connectorId: 'chatwoot', digest: 'c'.repeat(64), expiresAt: at(120) };

    const outcomes = await Promise.all([
      sut.insertEvents([inboxEventFactory({ dedupeKey: 'signed-1' })], T0, receipt),
      sut.insertEvents([inboxEventFactory({ dedupeKey: 'signed-2' })], T0, receipt),
    ]);

    expect(outcomes).toEqual([
      { inserted: 1, duplicates: 0, replayed: false },
      { inserted: 0, duplicates: 1, replayed: true },
    ]);
    expect(await committedKeys()).toEqual(['signed-1']);
  });

  it('should prune expired receipts only, after which their digest is accepted again', async () => {
    const digest = (letter: string) => letter.repeat(64);
    await sut.insertEvents([inboxEventFactory()], T0, {
      connectorId: 'a',
      digest: digest('d'),
      expiresAt: at(60),
    });
    await sut.insertEvents([inboxEventFactory()], T0, {
      connectorId: 'a',
      digest: digest('e'),
      expiresAt: at(600),
    });

    expect(await sut.pruneReceipts(at(61), 100)).toBe(1);

    const receipts = await observer.query<Array<{ digest: string }>>(
      'SELECT "digest" FROM "webhook_receipts"',
    );
    expect(receipts.map((row) => row.digest)).toEqual([digest('e')]);
    const again = await sut.insertEvents([inboxEventFactory()], at(61), {
      connectorId: 'a',
      digest: digest('d'),
      expiresAt: at(181),
    });
    expect(again.replayed).toBe(false);
  });

  it('should prune expired receipts in batches of the size asked', async () => {
    for (const letter of ['1', '2', '3']) {
      await sut.insertEvents([inboxEventFactory()], T0, {
        connectorId: 'a',
        digest: letter.repeat(64),
        expiresAt: at(10),
      });
    }

    expect(await sut.pruneReceipts(at(11), 2)).toBe(2);
    expect(await sut.pruneReceipts(at(11), 2)).toBe(1);
    expect(await sut.pruneReceipts(at(11), 2)).toBe(0);
  });
});
