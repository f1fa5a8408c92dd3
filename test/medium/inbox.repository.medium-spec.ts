import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { inboxEventFactory } from '../factories/inbox-event.factory';
import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe.each(DATABASE_KINDS)(`${InboxRepository.name} on %s`, (kind) => {
  const db = useTestDatabase(kind);
  let sut: InboxRepository;

  beforeEach(() => {
    sut = new InboxRepository(db.dataSource);
  });

  it('should store new events as pending and due at once', async () => {
    const event = inboxEventFactory({ receivedAt: T0 });

    expect(await sut.insertEvents([event])).toEqual({ inserted: 1, duplicates: 0, replayed: false });

    const [stored] = await sut.list({ limit: 10 });
    expect(stored).toMatchObject({
      ...event,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: T0,
      lastError: null,
    });
  });

  it('should ignore redelivered dedupe keys and keep the first payload', async () => {
    const first = inboxEventFactory({ connectorId: 'chatwoot', dedupeKey: 'd-1', payload: '{"v":1}' });
    await sut.insertEvents([first]);

    const result = await sut.insertEvents([
      { ...first, payload: '{"v":2}' },
      inboxEventFactory({ connectorId: 'chatwoot', dedupeKey: 'd-2' }),
      inboxEventFactory({ connectorId: 'lhc', dedupeKey: 'd-1' }),
    ]);

    expect(result).toEqual({ inserted: 2, duplicates: 1, replayed: false });
    const stored = await sut.list({ connectorId: 'chatwoot', limit: 10 });
    expect(stored.find((event) => event.dedupeKey === 'd-1')?.payload).toBe('{"v":1}');
  });

  it('should count a dedupe key repeated inside one delivery once', async () => {
    const event = inboxEventFactory({ dedupeKey: 'same' });

    expect(await sut.insertEvents([event, { ...event }])).toEqual({
      inserted: 1,
      duplicates: 1,
      replayed: false,
    });
  });

  it('should store nothing from a delivery whose receipt digest is on record, until it expires', async () => {
    const receipt = { connectorId: 'chatwoot', digest: 'a'.repeat(64), expiresAt: at(600) };
    await sut.insertEvents(
      [inboxEventFactory({ connectorId: 'chatwoot', dedupeKey: 'delivery:1' })],
      T0,
      receipt,
    );

    const replay = await sut.insertEvents(
      [inboxEventFactory({ connectorId: 'chatwoot', dedupeKey: 'delivery:2' })],
      at(10),
      receipt,
    );
    const afterExpiry = await sut.insertEvents(
      [inboxEventFactory({ connectorId: 'chatwoot', dedupeKey: 'delivery:3' })],
      at(601),
      { ...receipt, expiresAt: at(1200) },
    );

    expect(replay).toEqual({ inserted: 0, duplicates: 1, replayed: true });
    expect(afterExpiry).toEqual({ inserted: 1, duplicates: 0, replayed: false });
    expect((await sut.list({ limit: 10 })).map((event) => event.dedupeKey).sort()).toEqual([
      'delivery:1',
      'delivery:3',
    ]);
  });

  it('should keep receipts per connector', async () => {
    const digest = 'b'.repeat(64);
    await sut.insertEvents([inboxEventFactory({ connectorId: 'a' })], T0, {
      connectorId: 'a',
      digest,
      expiresAt: at(60),
    });

    const other = await sut.insertEvents([inboxEventFactory({ connectorId: 'b' })], T0, {
      connectorId: 'b',
      digest,
      expiresAt: at(60),
    });

    expect(other.replayed).toBe(false);
  });

  it('should store none of a delivery when one of its events cannot be stored', async () => {
    const broken = inboxEventFactory({ kind: null as unknown as string });

    await expect(sut.insertEvents([inboxEventFactory(), broken])).rejects.toThrow();

    expect(await sut.list({ limit: 10 })).toEqual([]);
  });

  it('should claim due pending and failed events in due order and bump their attempts', async () => {
    await sut.insertEvents([
      inboxEventFactory({ dedupeKey: 'late', receivedAt: at(30) }),
      inboxEventFactory({ dedupeKey: 'early', receivedAt: at(10) }),
      inboxEventFactory({ dedupeKey: 'retry', receivedAt: at(0) }),
      inboxEventFactory({ dedupeKey: 'future', receivedAt: at(100) }),
    ]);
    const retry = (await sut.list({ limit: 10 })).find((event) => event.dedupeKey === 'retry');
    await sut.markFailed(retry!.id, 'timeout', at(20));

    const claimed = await sut.claimDue({ limit: 10, now: at(30), leaseMs: 60_000 });

    expect(claimed.map((event) => event.dedupeKey)).toEqual(['early', 'retry', 'late']);
    expect(claimed.map((event) => event.attempts)).toEqual([1, 1, 1]);
    expect(claimed[0]?.nextAttemptAt).toEqual(at(90));
  });

  it('should not hand out a claimed event again until its lease ends', async () => {
    await sut.insertEvents([inboxEventFactory({ receivedAt: T0 })]);
    await sut.claimDue({ limit: 10, now: T0, leaseMs: 60_000 });

    expect(await sut.claimDue({ limit: 10, now: at(59) })).toEqual([]);
    expect((await sut.claimDue({ limit: 10, now: at(60) }))[0]?.attempts).toBe(2);
  });

  it('should never claim done or dead events, and respect the limit', async () => {
    await sut.insertEvents(
      [1, 2, 3, 4].map((n) => inboxEventFactory({ dedupeKey: `e-${n}`, receivedAt: T0 })),
    );
    const [done, dead] = await sut.list({ limit: 10 });
    await sut.markDone(done.id, at(1));
    await sut.markDead(dead.id, 'gave up', at(1));

    const claimed = await sut.claimDue({ limit: 1, now: at(5) });

    expect(claimed).toHaveLength(1);
    expect(claimed[0]?.dedupeKey).toBe('e-1');
  });

  it('should mark a processed batch done in one call, and only that batch', async () => {
    await sut.insertEvents([1, 2, 3].map((n) => inboxEventFactory({ dedupeKey: `e-${n}` })));
    const [third, second, first] = await sut.list({ limit: 10 });

    await sut.markDoneMany([first.id, third.id], at(1));
    await sut.markDoneMany([], at(2));

    const byKey = Object.fromEntries(
      (await sut.list({ limit: 10 })).map((event) => [event.dedupeKey, event]),
    );
    expect(byKey['e-1']).toMatchObject({ state: 'done', processedAt: at(1) });
    expect(byKey['e-3']).toMatchObject({ state: 'done', processedAt: at(1) });
    expect(byKey['e-2']).toMatchObject({ state: 'pending', processedAt: null });
    expect(second.id).toBe(byKey['e-2'].id);
  });

  it('should record the outcome of processing', async () => {
    await sut.insertEvents([1, 2, 3].map((n) => inboxEventFactory({ dedupeKey: `e-${n}` })));
    const [third, second, first] = await sut.list({ limit: 10 });

    await sut.markDone(first.id, at(1));
    await sut.markFailed(second.id, 'HTTP 503', at(60));
    await sut.markDead(third.id, 'AUTH_FAILED', at(2));

    const byKey = Object.fromEntries(
      (await sut.list({ limit: 10 })).map((event) => [event.dedupeKey, event]),
    );
    expect(byKey['e-1']).toMatchObject({ state: 'done', processedAt: at(1) });
    expect(byKey['e-2']).toMatchObject({ state: 'failed', lastError: 'HTTP 503', nextAttemptAt: at(60) });
    expect(byKey['e-3']).toMatchObject({ state: 'dead', lastError: 'AUTH_FAILED', processedAt: at(2) });
  });

  it('should list newest first, filtered by state and connector', async () => {
    await sut.insertEvents([
      inboxEventFactory({ connectorId: 'lhc', dedupeKey: 'a' }),
      inboxEventFactory({ connectorId: 'chatwoot', dedupeKey: 'b' }),
      inboxEventFactory({ connectorId: 'lhc', dedupeKey: 'c' }),
    ]);
    const [newest] = await sut.list({ limit: 1 });
    await sut.markDone(newest.id);

    expect((await sut.list({ limit: 10 })).map((event) => event.dedupeKey)).toEqual(['c', 'b', 'a']);
    expect((await sut.list({ connectorId: 'lhc', limit: 10 })).map((event) => event.dedupeKey)).toEqual([
      'c',
      'a',
    ]);
    expect(
      (await sut.list({ state: 'pending', connectorId: 'lhc', limit: 10 })).map((e) => e.dedupeKey),
    ).toEqual(['a']);
  });

  it('should put a dead event back in the queue with a fresh attempt budget when replayed', async () => {
    await sut.insertEvents([inboxEventFactory({ receivedAt: T0 })]);
    const [claimed] = await sut.claimDue({ limit: 1, now: T0 });
    await sut.markDead(claimed.id, 'gave up', at(1));

    const replayed = await sut.replay(claimed.id, at(10));

    expect(replayed).toMatchObject({
      state: 'pending',
      attempts: 0,
      nextAttemptAt: at(10),
      processedAt: null,
    });
    expect((await sut.claimDue({ limit: 1, now: at(10) }))[0]?.id).toBe(claimed.id);
  });

  it('should leave a done event alone and return null for an unknown one when replayed', async () => {
    await sut.insertEvents([inboxEventFactory()]);
    const [event] = await sut.list({ limit: 1 });
    await sut.markDone(event.id, at(1));

    expect(await sut.replay(event.id)).toMatchObject({ state: 'done', processedAt: at(1) });
    expect(await sut.replay(987654)).toBeNull();
  });

  it('should report the depth of every state and the oldest pending event', async () => {
    await sut.insertEvents([
      inboxEventFactory({ dedupeKey: 'a', receivedAt: at(5) }),
      inboxEventFactory({ dedupeKey: 'b', receivedAt: at(3) }),
      inboxEventFactory({ dedupeKey: 'c', receivedAt: at(1) }),
    ]);
    const oldest = (await sut.list({ limit: 10 })).find((event) => event.dedupeKey === 'c');
    await sut.markDone(oldest!.id);

    expect(await sut.stats()).toEqual({
      depthByState: { pending: 2, done: 1, failed: 0, dead: 0 },
      oldestPendingReceivedAt: at(3),
    });
  });

  it('should report an empty inbox', async () => {
    expect(await sut.stats()).toEqual({
      depthByState: { pending: 0, done: 0, failed: 0, dead: 0 },
      oldestPendingReceivedAt: null,
    });
  });
});
