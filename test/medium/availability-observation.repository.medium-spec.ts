import type { DataSource } from 'typeorm';

import type { ChangeNotice } from '@app/database/change-feed.types';
import { ChangeListener } from '@app/database/change-listener';
import { openDataSource } from '@app/database/database.module';
import { AvailabilityEchoRepository } from '@app/database/repositories/availability-echo.repository';
import {
  AvailabilityObservationRepository,
  type ObservationWrite,
} from '@app/database/repositories/availability-observation.repository';
import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import { operatorFactory, operatorLinkFactory } from '../factories/operator.factory';
import { eventually } from './support/eventually';
import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const observation = (over: Partial<ObservationWrite> = {}): ObservationWrite => ({
  operatorKey: 'ann',
  connectorId: 'desk',
  remoteId: 'op_ann',
  availability: 'offline',
  at: later(1_000),
  weak: false,
  now: later(2_000),
  ...over,
});

const seed = async (dataSource: DataSource) => {
  await new OperatorRepository(dataSource).upsertMany([operatorFactory({ key: 'ann' })], T0);
  await new OperatorLinkRepository(dataSource).upsert(
    operatorLinkFactory({
      operatorKey: 'ann',
      connectorId: 'desk',
      remoteId: 'op_ann',
      remoteAvailability: null,
    }),
  );
};

const stored = async (dataSource: DataSource) => {
  const [operator] = await new OperatorRepository(dataSource).findByKeys(['ann']);
  return {
    availability: operator.availability,
    at: operator.availabilityAt?.toISOString() ?? null,
    via: operator.availabilityConnectorId,
    remote: operator.links?.find((link) => link.connectorId === 'desk')?.remoteAvailability ?? null,
  };
};

describe.each(DATABASE_KINDS)(`${AvailabilityObservationRepository.name} on %s`, (kind) => {
  const db = useTestDatabase(kind);
  let sut: AvailabilityObservationRepository;

  beforeEach(async () => {
    sut = new AvailabilityObservationRepository(db.dataSource);
    await seed(db.dataSource);
  });

  it('should record the link and merge a newer observation into the operator', async () => {
    expect(await sut.record(observation())).toEqual({ echo: false, stored: true });

    expect(await stored(db.dataSource)).toEqual({
      availability: 'offline',
      at: later(1_000).toISOString(),
      via: 'desk',
      remote: 'offline',
    });
  });

  it('should record the link but keep the merged state for an older observation', async () => {
    await sut.record(observation({ at: later(5_000) }));

    expect(await sut.record(observation({ availability: 'online', at: later(1_000) }))).toEqual({
      echo: false,
      stored: false,
    });
    expect(await stored(db.dataSource)).toMatchObject({ availability: 'offline', remote: 'online' });
  });

  it('should use up an echo of our own write, once, and not merge it', async () => {
    await new AvailabilityEchoRepository(db.dataSource).remember(
      { connectorId: 'desk', remoteId: 'op_ann', availability: 'offline', expiresAt: later(60_000) },
      T0,
    );

    expect(await sut.record(observation())).toEqual({ echo: true, stored: false });
    expect(await stored(db.dataSource)).toMatchObject({ availability: null, remote: 'offline' });
    expect(await sut.record(observation({ at: later(3_000) }))).toEqual({ echo: false, stored: true });
  });

  it('should record a weak observation on the link only', async () => {
    expect(await sut.record(observation({ weak: true }))).toEqual({ echo: false, stored: false });

    expect(await stored(db.dataSource)).toMatchObject({ availability: null, remote: 'offline' });
  });
});

describe(`${AvailabilityObservationRepository.name} seen by another replica`, () => {
  const db = useTestDatabase('postgres');
  let replica: DataSource;
  let listener: ChangeListener;
  let notices: ChangeNotice[];

  beforeEach(async () => {
    await seed(db.dataSource);
    replica = await openDataSource(db.url);
    listener = new ChangeListener(replica, { listen: true, pollMs: 50, reconnectMinMs: 50 });
    notices = [];
    listener.subscribe({ topic: 'directory', onChange: (n) => notices.push(n), onResync: () => undefined });
    await listener.onModuleInit();
  });

  afterEach(async () => {
    await listener.onModuleDestroy();
    await replica.destroy();
  });

  it('should announce a change on commit, and nothing when nothing changed', async () => {
    const sut = new AvailabilityObservationRepository(db.dataSource);
    await sut.record(observation());
    await sut.record(observation()); // same link value, same timestamp: nothing changes
    await new OperatorRepository(db.dataSource).upsertMany([operatorFactory({ key: 'bob' })], T0);

    await eventually(() => (notices.length === 2 ? true : undefined), 'two notices');
    expect(notices.map((n) => n.data)).toEqual([{ keys: ['ann'] }, { keys: ['bob'] }]);
    expect(notices[1].version).toBe(notices[0].version + 1);
  });

  it('should give each remembered write to one observation when replicas record at the same time', async () => {
    const echoes = new AvailabilityEchoRepository(db.dataSource);
    for (let i = 0; i < 3; i++) {
      await echoes.remember(
        { connectorId: 'desk', remoteId: 'op_ann', availability: 'offline', expiresAt: later(60_000) },
        T0,
      );
    }
    const recorders = [db.dataSource, replica].map((d) => new AvailabilityObservationRepository(d));

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => recorders[i % 2].record(observation({ at: later(1_000 + i) }))),
    );

    expect(results.filter((r) => r.echo)).toHaveLength(3);
  });
});
