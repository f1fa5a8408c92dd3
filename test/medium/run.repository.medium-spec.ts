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

  it('should fail the runs a crash left running when the process restarts', async () => {
    const crashed = await sut.start(startRunFactory({ connectorId: 'lhc' }), T0);
    const done = await sut.start(startRunFactory({ connectorId: 'lhc' }), T0);
    await sut.finish(done.id, { outcome: 'ok', counts: {}, changes: [] }, T1);

    const closed = await sut.failInterruptedRuns(undefined, T1);

    expect(closed).toBe(1);
    expect(await sut.findWithChanges(crashed.id)).toMatchObject({
      outcome: 'failed',
      error: INTERRUPTED_RUN_ERROR,
      finishedAt: T1,
    });
    expect(await sut.findWithChanges(done.id)).toMatchObject({ outcome: 'ok', error: null });
  });

  it('should fail only that connector’s running runs when given a connector id', async () => {
    await sut.start(startRunFactory({ connectorId: 'lhc' }));
    const other = await sut.start(startRunFactory({ connectorId: 'chatwoot' }));

    expect(await sut.failInterruptedRuns('lhc')).toBe(1);
    expect((await sut.findWithChanges(other.id))?.outcome).toBe('running');
  });

  it('should delete a run’s changes with the run', async () => {
    const run = await sut.start(startRunFactory());
    await sut.finish(run.id, { outcome: 'ok', counts: {}, changes: [runChangeFactory()] });

    await db.dataSource.query(`DELETE FROM "runs" WHERE "id" = ${run.id}`);

    expect(await db.dataSource.query('SELECT * FROM "run_changes"')).toEqual([]);
  });
});
