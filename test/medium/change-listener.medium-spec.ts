import type { DataSource } from 'typeorm';

import { announceChange } from '@app/database/announce-change';
import type { ChangeNotice } from '@app/database/change-feed.types';
import { ChangeListener } from '@app/database/change-listener';
import { openDataSource } from '@app/database/database.module';
import { replicaIdOf } from '@app/database/replica-identity';
import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import { operatorFactory, operatorLinkFactory } from '../factories/operator.factory';
import { eventually } from './support/eventually';
import { useTestDatabase } from './support/test-database';

const T0 = new Date('2025-03-01T10:00:00.000Z');

// Replica A writes through the test database's data source; replica B listens on its own.
describe(`${ChangeListener.name} on postgres`, () => {
  const db = useTestDatabase('postgres');
  let replicaB: DataSource;
  let sut: ChangeListener;
  let notices: ChangeNotice[];
  let resyncs: number;

  beforeEach(async () => {
    replicaB = await openDataSource(db.url);
    sut = new ChangeListener(replicaB, { listen: true, pollMs: 50, reconnectMinMs: 50 });
    notices = [];
    resyncs = 0;
    sut.subscribe({ topic: 'directory', onChange: (n) => notices.push(n), onResync: () => (resyncs += 1) });
    await sut.onModuleInit();
  });

  afterEach(async () => {
    await sut.onModuleDestroy();
    await replicaB.destroy();
  });

  const terminateListeners = () =>
    db.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = 'chat-bridge listener' AND datname = current_database()`,
    );

  it('should deliver a change committed by another replica, naming the writer and the operators', async () => {
    const operators = new OperatorRepository(db.dataSource);
    await operators.upsertMany([operatorFactory({ key: 'ann' })], T0);
    await operators.setAvailability({ key: 'ann', availability: 'offline', at: T0, connectorId: 'tencent' });

    await eventually(() => (notices.length === 2 ? true : undefined), 'two notices');
    expect(notices.map((n) => n.data)).toEqual([{ keys: ['ann'] }, { keys: ['ann'] }]);
    expect(notices[0].origin).toBe(replicaIdOf(db.dataSource));
    expect(notices[0].origin).not.toBe(sut.replicaId);
    expect(notices[1].version).toBe(notices[0].version + 1);
    expect(resyncs).toBe(0);
  });

  it('should announce a remote availability only when it changes', async () => {
    const operators = new OperatorRepository(db.dataSource);
    const links = new OperatorLinkRepository(db.dataSource);
    await operators.upsertMany([operatorFactory({ key: 'ann' })], T0);
    await links.upsert(
      operatorLinkFactory({
        operatorKey: 'ann',
        connectorId: 'desk',
        remoteId: 'op_ann',
        remoteAvailability: null,
      }),
    );
    await eventually(() => (notices.length === 2 ? true : undefined), 'the set-up notices');

    expect(await links.setRemoteAvailability('desk', 'op_ann', 'offline')).toBe(true);
    expect(await links.setRemoteAvailability('desk', 'op_ann', 'offline')).toBe(false);
    expect(await links.setRemoteAvailability('desk', 'nobody', 'offline')).toBe(false);
    await operators.upsertMany([operatorFactory({ key: 'bob' })], T0);

    await eventually(() => (notices.length === 4 ? true : undefined), 'the last notice');
    expect(notices.slice(2).map((n) => n.data)).toEqual([{ keys: ['ann'] }, { keys: ['bob'] }]);
  });

  it('should deliver nothing for a transaction that rolled back', async () => {
    await db.dataSource
      .transaction(async (manager) => {
        await announceChange(manager, 'directory', { keys: ['rolled-back'] });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await db.dataSource.transaction((manager) =>
      announceChange(manager, 'directory', { keys: ['committed'] }),
    );

    await eventually(() => (notices.length > 0 ? true : undefined), 'the committed notice');
    expect(notices.map((n) => n.data)).toEqual([{ keys: ['committed'] }]);
  });

  it('should ask for a reload when a change is too big for a notification', async () => {
    const keys = Array.from({ length: 2_000 }, (_, i) => `operator-with-a-long-key-${i}`);
    await db.dataSource.transaction((manager) => announceChange(manager, 'directory', { keys }));

    await eventually(() => (resyncs === 1 ? true : undefined), 'a resync');
    expect(notices).toEqual([]);
  });

  it('should ask for a reload when a notice was missed (a gap in the versions)', async () => {
    await db.dataSource.transaction((manager) => announceChange(manager, 'directory', { keys: ['a'] }));
    await eventually(() => (notices.length === 1 ? true : undefined), 'the first notice');
    await db.dataSource.query('UPDATE change_feed SET version = version + 3');

    await db.dataSource.transaction((manager) => announceChange(manager, 'directory', { keys: ['b'] }));

    await eventually(() => (resyncs === 1 ? true : undefined), 'a resync');
    expect(notices.map((n) => n.data)).toEqual([{ keys: ['a'] }, { keys: ['b'] }]);
  });

  it('should notice changes by reading the counter while its connection is down', async () => {
    const patient = new ChangeListener(replicaB, { listen: true, pollMs: 50, reconnectMinMs: 60_000 });
    let reloads = 0;
    patient.subscribe({ topic: 'directory', onChange: () => undefined, onResync: () => (reloads += 1) });
    await patient.onModuleInit();
    try {
      await terminateListeners();
      await eventually(() => (patient.listening ? undefined : true), 'the listener to notice it is down');

      await new OperatorRepository(db.dataSource).upsertMany([operatorFactory({ key: 'ann' })], T0);

      await eventually(() => (reloads > 0 ? true : undefined), 'a reload asked for by the poll');
      expect(patient.listening).toBe(false);
    } finally {
      await patient.onModuleDestroy();
    }
  });

  it('should reconnect, ask for a reload of what it may have missed, and deliver notices again', async () => {
    await terminateListeners();
    await eventually(() => (resyncs > 0 && sut.listening ? true : undefined), 'a reconnection and a reload');

    await new OperatorRepository(db.dataSource).upsertMany([operatorFactory({ key: 'bob' })], T0);

    await eventually(() => (notices.length > 0 ? true : undefined), 'a notice after reconnecting');
    expect(notices.at(-1)?.data).toEqual({ keys: ['bob'] });
  });
});
