import type { DataSource } from 'typeorm';

import { openDataSource } from '@app/database/database.module';
import {
  AvailabilityEchoRepository,
  type EchoKey,
} from '@app/database/repositories/availability-echo.repository';
import { AvailabilityObservationRepository } from '@app/database/repositories/availability-observation.repository';
import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const write = { connectorId: 'desk', remoteId: 'op_ann', availability: 'offline' as const };

/** Whether an observation of `key` at `now` uses up one of the remembered writes as its echo. */
const consumer = (dataSource: DataSource) => ({
  consume: async (key: EchoKey, now: Date) =>
    (
      await new AvailabilityObservationRepository(dataSource).record({
        ...key,
        operatorKey: 'ann',
        at: now,
        weak: false,
        now,
      })
    ).echo,
});

describe.each(DATABASE_KINDS)(`${AvailabilityEchoRepository.name} on %s`, (kind) => {
  const db = useTestDatabase(kind);
  let sut: AvailabilityEchoRepository & ReturnType<typeof consumer>;

  beforeEach(() => {
    sut = Object.assign(new AvailabilityEchoRepository(db.dataSource), consumer(db.dataSource));
  });

  it('should take a report of a remembered write as its echo, once', async () => {
    await sut.remember({ ...write, expiresAt: later(60_000) }, T0);

    expect(await sut.consume(write, later(1_000))).toBe(true);
    expect(await sut.consume(write, later(2_000))).toBe(false);
  });

  it('should keep every recent write, so a late echo of an older one is still an echo', async () => {
    await sut.remember({ ...write, expiresAt: later(60_000) }, T0);
    await sut.remember({ ...write, availability: 'online', expiresAt: later(61_000) }, later(1_000));

    expect(await sut.consume(write, later(2_000))).toBe(true);
    expect(await sut.consume({ ...write, availability: 'online' }, later(3_000))).toBe(true);
  });

  it('should not match another value, another remote operator or an expired write', async () => {
    await sut.remember({ ...write, expiresAt: later(10_000) }, T0);

    expect(await sut.consume({ ...write, availability: 'busy' }, later(1))).toBe(false);
    expect(await sut.consume({ ...write, remoteId: 'op_bob' }, later(1))).toBe(false);
    expect(await sut.consume(write, later(10_001))).toBe(false);
  });

  it('should forget expired writes when it remembers a new one', async () => {
    await sut.remember({ ...write, expiresAt: later(10) }, T0);
    await sut.remember({ ...write, remoteId: 'op_bob', expiresAt: later(60_000) }, later(1_000));

    const [{ count }]: Array<{ count: string | number }> = await db.dataSource.query(
      'SELECT COUNT(*) AS count FROM availability_echoes',
    );
    expect(Number(count)).toBe(1);
  });
});

describe(`${AvailabilityEchoRepository.name} shared by two replicas`, () => {
  const db = useTestDatabase('postgres');
  let replica: DataSource;

  beforeEach(async () => {
    replica = await openDataSource(db.url);
  });

  afterEach(async () => {
    await replica.destroy();
  });

  it('should recognise on one replica the echo of a write another replica made', async () => {
    await new AvailabilityEchoRepository(db.dataSource).remember({ ...write, expiresAt: later(60_000) }, T0);

    expect(await consumer(replica).consume(write, later(1))).toBe(true);
  });

  it('should give each remembered write to one consumer when replicas consume at the same time', async () => {
    const writer = new AvailabilityEchoRepository(db.dataSource);
    for (let i = 0; i < 5; i++) {
      await writer.remember({ ...write, expiresAt: later(60_000) }, T0);
    }
    const consumers = [consumer(db.dataSource), consumer(replica)];

    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => consumers[i % 2].consume(write, later(1))),
    );

    expect(results.filter(Boolean)).toHaveLength(5);
  });
});
