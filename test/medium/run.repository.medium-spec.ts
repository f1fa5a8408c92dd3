import { INTERRUPTED_RUN_ERROR, RunRepository } from '@app/database/repositories/run.repository';
import { runChangeFactory, startRunFactory } from '../factories/run.factory';
import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const T1 = new Date('2025-03-01T10:00:05.000Z');

describe.each(DATABASE_KINDS)(`${RunRepository.name} on %s`, (kind) => {
  const db = useTestDatabase(kind);
  let sut: RunRepository;

  beforeEach(() => {
    sut = new RunRepository(db.dataSource);
  });

  it('should record a running run with no counts when a run starts', async () => {
    const run = await sut.start(startRunFactory({ connectorId: 'lhc', trigger: 'manual', dryRun: true }), T0);

    expect(run).toMatchObject({
      connectorId: 'lhc',
      trigger: 'manual',
      dryRun: true,
      outcome: 'running',
      startedAt: T0,
      finishedAt: null,
      counts: {},
      error: null,
    });
    expect(run.id).toEqual(expect.any(Number));
  });

  it('should store the outcome, counts and every change when a run finishes', async () => {
    const run = await sut.start(startRunFactory(), T0);
    const changes = [
      runChangeFactory({ operatorKey: 'anna', before: { status: 'active' }, after: { status: 'inactive' } }),
      runChangeFactory({
        operatorKey: null,
        field: null,
        before: null,
        after: null,
        outcome: 'failed',
        error: 'boom',
      }),
    ];

    const finished = await sut.finish(
      run.id,
      { outcome: 'partial', counts: { applied: 1, failed: 1 }, changes },
      T1,
    );

    expect(finished).toMatchObject({ outcome: 'partial', counts: { applied: 1, failed: 1 }, finishedAt: T1 });
    expect(finished.changes).toEqual([
      expect.objectContaining({ runId: run.id, operatorKey: 'anna', after: { status: 'inactive' } }),
      expect.objectContaining({
        operatorKey: null,
        field: null,
        before: null,
        outcome: 'failed',
        error: 'boom',
      }),
    ]);
  });

  it('should store nothing when finishing a run that does not exist', async () => {
    await expect(
      sut.finish(999, { outcome: 'ok', counts: {}, changes: [runChangeFactory()] }),
    ).rejects.toThrow('Run 999 does not exist');
    expect(await db.dataSource.query('SELECT * FROM "run_changes"')).toEqual([]);
  });

  it('should keep the run open and store no change when one change cannot be stored', async () => {
    const run = await sut.start(startRunFactory(), T0);
    const broken = runChangeFactory({ action: null as unknown as string });

    await expect(
      sut.finish(run.id, { outcome: 'ok', counts: {}, changes: [runChangeFactory(), broken] }),
    ).rejects.toThrow();

    expect(await sut.findWithChanges(run.id)).toMatchObject({
      outcome: 'running',
      finishedAt: null,
      changes: [],
    });
  });

  it('should list runs newest first, filtered by connector and limited', async () => {
    const first = await sut.start(startRunFactory({ connectorId: 'lhc' }));
    await sut.start(startRunFactory({ connectorId: 'chatwoot' }));
    const third = await sut.start(startRunFactory({ connectorId: 'lhc' }));

    expect((await sut.list({ connectorId: 'lhc', limit: 10 })).map((run) => run.id)).toEqual([
      third.id,
      first.id,
    ]);
    expect(await sut.list({ limit: 2 })).toHaveLength(2);
    expect((await sut.list({ limit: 1 }))[0]?.id).toBe(third.id);
  });

  it('should return null when the run does not exist', async () => {
    expect(await sut.findWithChanges(12345)).toBeNull();
  });

  it('should close as interrupted the runs another process left running, keeping its own', async () => {
    const crashed = await sut.start(startRunFactory({ connectorId: 'lhc', owner: 'dead-process' }), T0);
    const legacy = await sut.start(startRunFactory({ connectorId: 'lhc' }), T0);
    const mine = await sut.start(startRunFactory({ connectorId: 'lhc', owner: 'me' }), T0);
    const done = await sut.start(startRunFactory({ connectorId: 'lhc', owner: 'dead-process' }), T0);
    await sut.finish(done.id, { outcome: 'ok', counts: {}, changes: [] }, T1);

    const closed = await sut.interruptLeftovers('lhc', 'me', T1);

    expect(closed).toBe(2);
    for (const run of [crashed, legacy]) {
      expect(await sut.findWithChanges(run.id)).toMatchObject({
        outcome: 'interrupted',
        error: INTERRUPTED_RUN_ERROR,
        finishedAt: T1,
      });
    }
    expect((await sut.findWithChanges(mine.id))?.outcome).toBe('running');
    expect(await sut.findWithChanges(done.id)).toMatchObject({ outcome: 'ok', error: null });
  });

  it('should close only that connector’s leftovers', async () => {
    await sut.start(startRunFactory({ connectorId: 'lhc', owner: 'x' }));
    const other = await sut.start(startRunFactory({ connectorId: 'chatwoot', owner: 'x' }));

    expect(await sut.interruptLeftovers('lhc', 'me')).toBe(1);
    expect((await sut.findWithChanges(other.id))?.outcome).toBe('running');
  });

  it('should keep interrupted a run marked so at shutdown when it finishes later, with its changes', async () => {
    const run = await sut.start(startRunFactory({ connectorId: 'lhc', owner: 'me' }), T0);
    await sut.markInterrupted([run.id], T1);

    const finished = await sut.finish(run.id, {
      outcome: 'failed',
      counts: {},
      changes: [runChangeFactory()],
    });

    expect(finished.outcome).toBe('interrupted');
    expect(finished.changes).toHaveLength(1);
  });

  it('should filter runs by kind and outcome', async () => {
    const push = await sut.start(startRunFactory({ connectorId: 'lhc', kind: 'availability' }));
    await sut.finish(push.id, { outcome: 'ok', counts: {}, changes: [] });
    const sync = await sut.start(startRunFactory({ connectorId: 'lhc' }));
    await sut.finish(sync.id, { outcome: 'partial', counts: {}, changes: [] });

    expect((await sut.list({ kind: 'availability', limit: 10 })).map((r) => r.id)).toEqual([push.id]);
    expect((await sut.list({ outcome: 'partial', limit: 10 })).map((r) => r.id)).toEqual([sync.id]);
    expect((await sut.list({ limit: 10 })).map((r) => r.kind)).toEqual(['reconcile', 'availability']);
  });

  it('should delete a run’s changes with the run', async () => {
    const run = await sut.start(startRunFactory());
    await sut.finish(run.id, { outcome: 'ok', counts: {}, changes: [runChangeFactory()] });

    await db.dataSource.query(`DELETE FROM "runs" WHERE "id" = ${run.id}`);

    expect(await db.dataSource.query('SELECT * FROM "run_changes"')).toEqual([]);
  });
});
