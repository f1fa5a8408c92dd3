import { AssignmentStateRepository } from '@app/database/repositories/assignment-state.repository';
import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const nothing = { sessions: [], cursors: [], sticky: [] };

describe.each(DATABASE_KINDS)(`${AssignmentStateRepository.name} on %s`, (kind) => {
  const db = useTestDatabase(kind);
  let sut: AssignmentStateRepository;

  beforeEach(() => {
    sut = new AssignmentStateRepository(db.dataSource);
  });

  const load = () => sut.load({ since: new Date(T0 - 60_000), stickyLimit: 10 });

  it('should load the sessions of the window, oldest first', async () => {
    await sut.save({
      ...nothing,
      sessions: [
        { connectorId: 'tencent', operatorKey: 'bob', at: T0 + 2 },
        { connectorId: 'tencent', operatorKey: 'ann', at: T0 + 1 },
        { connectorId: 'tencent', operatorKey: 'old', at: T0 - 120_000 },
      ],
    });

    expect((await load()).sessions).toEqual([
      { connectorId: 'tencent', operatorKey: 'ann', at: T0 + 1 },
      { connectorId: 'tencent', operatorKey: 'bob', at: T0 + 2 },
    ]);
  });

  it('should only move a round-robin cursor forward, whoever saves it', async () => {
    await sut.save({ ...nothing, cursors: [{ connectorId: 'tencent', rotation: 7 }] });
    await sut.save({
      ...nothing,
      cursors: [
        { connectorId: 'tencent', rotation: 5 },
        { connectorId: 'other', rotation: 2 },
        { connectorId: 'other', rotation: 3 },
      ],
    });

    expect((await load()).cursors).toEqual(
      expect.arrayContaining([
        { connectorId: 'tencent', rotation: 7 },
        { connectorId: 'other', rotation: 3 },
      ]),
    );
  });

  it('should keep the latest agent of each customer, most recent last', async () => {
    const client = (clientUserId: string, operatorKey: string) => ({
      connectorId: 'tencent',
      clientUserId,
      operatorKey,
    });
    await sut.save({ ...nothing, sticky: [client('c1', 'ann'), client('c1', 'bob')] }, new Date(T0));
    await sut.save({ ...nothing, sticky: [client('c2', 'cid')] }, new Date(T0 + 1_000));

    expect((await load()).sticky).toEqual([client('c1', 'bob'), client('c2', 'cid')]);
  });

  it('should prune sessions outside the window and customers not seen for long', async () => {
    await sut.save(
      {
        sessions: [
          { connectorId: 'tencent', operatorKey: 'ann', at: T0 - 10_000 },
          { connectorId: 'tencent', operatorKey: 'bob', at: T0 },
        ],
        cursors: [],
        sticky: [{ connectorId: 'tencent', clientUserId: 'c1', operatorKey: 'ann' }],
      },
      new Date(T0 - 10_000),
    );

    await sut.prune({ sessionsBefore: new Date(T0 - 1), stickyBefore: new Date(T0 - 1) });

    const state = await load();
    expect(state.sessions.map((s) => s.operatorKey)).toEqual(['bob']);
    expect(state.sticky).toEqual([]);
  });
});
