import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import { RunRepository } from '@app/database/repositories/run.repository';
import { operatorFactory, operatorLinkFactory } from '../factories/operator.factory';
import { runChangeFactory, startRunFactory } from '../factories/run.factory';
import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

// More than one multi-row statement and more than one transaction of each batched write.
const MANY = 2_345;
const keys = Array.from({ length: MANY }, (_, i) => `op-${String(i).padStart(5, '0')}`);

describe.each(DATABASE_KINDS)('bulk writes of a first sync on %s', (kind) => {
  const db = useTestDatabase(kind);

  it('should store every change of a large run, in order, and return them as stored', async () => {
    const runs = new RunRepository(db.dataSource);
    const run = await runs.start(startRunFactory());
    const changes = keys.map((key, i) =>
      runChangeFactory({ operatorKey: key, action: 'create', after: { n: i }, durationMs: i }),
    );

    const finished = await runs.finish(run.id, {
      outcome: 'ok',
      counts: { planned: MANY },
      changes,
    });

    const stored = await runs.findWithChanges(run.id);
    expect(stored?.changes?.map((c) => c.operatorKey)).toEqual(keys);
    expect(stored?.changes?.[MANY - 1]).toMatchObject({ after: { n: MANY - 1 }, durationMs: MANY - 1 });
    expect(finished.changes?.map((c) => [c.operatorKey, c.after])).toEqual(
      stored?.changes?.map((c) => [c.operatorKey, c.after]),
    );
    expect(finished).toMatchObject({ outcome: 'ok', counts: { planned: MANY } });
  });

  it('should insert then replace many links at once, and read operators back with their links', async () => {
    const operators = new OperatorRepository(db.dataSource);
    const links = new OperatorLinkRepository(db.dataSource);
    await operators.upsertMany(keys.map((key) => operatorFactory({ key })));

    await links.upsertMany(
      keys.map((key) => operatorLinkFactory({ operatorKey: key, remoteId: `r-${key}` })),
    );
    await links.upsertMany(
      keys
        .slice(0, 1500)
        .map((key) => operatorLinkFactory({ operatorKey: key, remoteId: `r-${key}`, remoteName: 'Renamed' })),
    );

    const stored = await links.findByConnector('lhc');
    expect(stored).toHaveLength(MANY);
    expect(stored.filter((l) => l.remoteName === 'Renamed')).toHaveLength(1500);
    const withLinks = await operators.findAll({ withLinks: true });
    expect(withLinks.map((o) => o.key)).toEqual(keys);
    expect(withLinks.every((o) => o.links?.length === 1 && o.links[0].remoteId === `r-${o.key}`)).toBe(true);
  });

  it('should leave every link of a batch unwritten when one of them breaks a constraint', async () => {
    const operators = new OperatorRepository(db.dataSource);
    const links = new OperatorLinkRepository(db.dataSource);
    await operators.upsertMany([operatorFactory({ key: 'anna' }), operatorFactory({ key: 'bob' })]);

    await expect(
      links.upsertMany([
        operatorLinkFactory({ operatorKey: 'anna', remoteId: 'same' }),
        operatorLinkFactory({ operatorKey: 'bob', remoteId: 'same' }),
      ]),
    ).rejects.toThrow();
    expect(await links.findByConnector('lhc')).toEqual([]);
  });
});
