import type { DataSource } from 'typeorm';

import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { OperatorPageRepository } from '@app/database/repositories/operator-page.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import { RunRepository } from '@app/database/repositories/run.repository';
import { inboxEventFactory } from '../factories/inbox-event.factory';
import { operatorFactory, operatorLinkFactory } from '../factories/operator.factory';
import { runChangeFactory, startRunFactory } from '../factories/run.factory';
import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 10, minute));

/** The statements `fn` sends to the database (TypeORM logs every one, printed or not). */
const queriesOf = async <T>(
  dataSource: DataSource,
  fn: () => Promise<T>,
): Promise<{ result: T; queries: number }> => {
  const spy = jest.spyOn(dataSource.logger, 'logQuery');
  try {
    const result = await fn();
    return { result, queries: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
};

describe.each(DATABASE_KINDS)('audit pages on %s', (kind) => {
  const db = useTestDatabase(kind);
  let runs: RunRepository;
  let inbox: InboxRepository;
  let operators: OperatorRepository;
  let links: OperatorLinkRepository;
  let sut: OperatorPageRepository;

  beforeEach(() => {
    runs = new RunRepository(db.dataSource);
    inbox = new InboxRepository(db.dataSource);
    operators = new OperatorRepository(db.dataSource);
    links = new OperatorLinkRepository(db.dataSource);
    sut = new OperatorPageRepository(db.dataSource);
  });

  const finishedRun = async (
    minute: number,
    overrides: Parameters<typeof startRunFactory>[0] = {},
    changes = [runChangeFactory(), runChangeFactory()],
  ) => {
    const run = await runs.start(startRunFactory({ connectorId: 'lhc', ...overrides }), at(minute));
    return runs.finish(run.id, { outcome: 'ok', counts: {}, changes }, at(minute));
  };

  describe('runs', () => {
    it('should answer a page of runs with their changes in one query when asked with changes', async () => {
      const made = [];
      for (let minute = 0; minute < 5; minute++) {
        made.push(await finishedRun(minute));
      }

      const { result, queries } = await queriesOf(db.dataSource, () =>
        runs.list({ limit: 3, withChanges: true }),
      );

      expect(queries).toBe(1);
      expect(result.map((run) => run.id)).toEqual([made[4].id, made[3].id, made[2].id]);
      expect(result.map((run) => run.changes?.map((c) => c.operatorKey))).toEqual(
        [made[4], made[3], made[2]].map((run) => run.changes?.map((c) => c.operatorKey)),
      );
      expect(result.flatMap((run) => run.changes ?? []).every((c) => Number.isInteger(c.id))).toBe(true);
    });

    it('should continue after the cursor and filter by start time when given beforeId, since and until', async () => {
      const made = [];
      for (let minute = 0; minute < 6; minute++) {
        made.push(await finishedRun(minute, { kind: minute % 2 === 0 ? 'reconcile' : 'availability' }));
      }

      const page = await runs.list({ limit: 10, beforeId: made[4].id, since: at(1), until: at(4) });
      const reconcileOnly = await runs.list({
        limit: 10,
        kind: 'reconcile',
        since: at(2),
        withChanges: true,
      });

      expect(page.map((run) => run.id)).toEqual([made[3].id, made[2].id, made[1].id]);
      expect(page[0].changes).toBeUndefined();
      expect(reconcileOnly.map((run) => run.id)).toEqual([made[4].id, made[2].id]);
    });

    it('should leave out runs restricted to one operator when asked to', async () => {
      const full = await finishedRun(0, { kind: 'reconcile' });
      await finishedRun(1, { kind: 'reconcile' }, [
        runChangeFactory({ operatorKey: 'zoe', action: 'report', field: 'scope', outcome: 'skipped' }),
        runChangeFactory({ operatorKey: 'zoe', action: 'create' }),
      ]);

      const [latest] = await runs.list({ kind: 'reconcile', excludeScoped: true, limit: 1 });
      const [withChanges] = await runs.list({
        kind: 'reconcile',
        excludeScoped: true,
        limit: 1,
        withChanges: true,
      });

      expect(latest.id).toBe(full.id);
      expect(withChanges.id).toBe(full.id);
    });

    it('should prune finished runs started before the cutoff, oldest first, with their changes', async () => {
      const old = [await finishedRun(0), await finishedRun(1), await finishedRun(2)];
      const running = await runs.start(startRunFactory(), at(0));
      const recent = await finishedRun(30);

      expect(await runs.prune(at(10), 2)).toEqual({ runs: 2, changes: 4 });
      expect(await runs.prune(at(10), 2)).toEqual({ runs: 1, changes: 2 });
      expect(await runs.prune(at(10), 2)).toEqual({ runs: 0, changes: 0 });

      expect((await runs.list({ limit: 10 })).map((run) => run.id)).toEqual([recent.id, running.id]);
      const orphans: unknown[] = await db.dataSource.query(
        `SELECT "id" FROM "run_changes" WHERE "run_id" IN (${old.map((run) => run.id).join(', ')})`,
      );
      expect(orphans).toEqual([]);
    });
  });

  describe('inbox', () => {
    it('should page events newest first and find one by id with its payload', async () => {
      await inbox.insertEvents([1, 2, 3].map((n) => inboxEventFactory({ dedupeKey: `k${n}` })));
      const all = await inbox.list({ limit: 10 });

      const next = await inbox.list({ limit: 10, beforeId: all[0].id });
      const one = await inbox.findById(all[1].id);

      expect(next.map((event) => event.id)).toEqual(all.slice(1).map((event) => event.id));
      expect(one?.payload).toEqual(all[1].payload);
      expect(await inbox.findById(999_999)).toBeNull();
    });

    it('should prune only done and dead events received before the cutoff', async () => {
      await inbox.insertEvents([
        inboxEventFactory({ dedupeKey: 'done-old', receivedAt: at(0) }),
        inboxEventFactory({ dedupeKey: 'dead-old', receivedAt: at(0) }),
        inboxEventFactory({ dedupeKey: 'pending-old', receivedAt: at(0) }),
        inboxEventFactory({ dedupeKey: 'failed-old', receivedAt: at(0) }),
        inboxEventFactory({ dedupeKey: 'done-new', receivedAt: at(30) }),
      ]);
      const byKey = new Map((await inbox.list({ limit: 10 })).map((event) => [event.dedupeKey, event.id]));
      await inbox.markDone(byKey.get('done-old')!);
      await inbox.markDead(byKey.get('dead-old')!, 'gave up');
      await inbox.markFailed(byKey.get('failed-old')!, 'later', at(40));
      await inbox.markDone(byKey.get('done-new')!);

      expect(await inbox.prune(at(10), 1)).toBe(1);
      expect(await inbox.prune(at(10), 5)).toBe(1);
      expect(await inbox.prune(at(10), 5)).toBe(0);

      expect((await inbox.list({ limit: 10 })).map((event) => event.dedupeKey).sort()).toEqual([
        'done-new',
        'failed-old',
        'pending-old',
      ]);
    });
  });

  describe(OperatorPageRepository.name, () => {
    beforeEach(async () => {
      await operators.upsertMany([
        operatorFactory({ key: 'anna', name: 'Anna Kovalenko', email: 'anna@example.com' }),
        operatorFactory({ key: 'bob', name: 'Bob 50%_off', email: null }),
        operatorFactory({ key: 'carl', name: 'Carl', status: 'inactive' }),
        operatorFactory({ key: 'dina', name: 'Dina' }),
        operatorFactory({ key: 'eve', name: 'Eve' }),
      ]);
      await links.upsert(operatorLinkFactory({ operatorKey: 'anna', connectorId: 'lhc', remoteId: '1' }));
      await links.upsert(operatorLinkFactory({ operatorKey: 'anna', connectorId: 'tencent', remoteId: 'a' }));
      await links.upsert(operatorLinkFactory({ operatorKey: 'dina', connectorId: 'lhc', remoteId: '4' }));
      await operators.setAvailability({ key: 'anna', availability: 'busy', at: at(3), connectorId: 'lhc' });
    });

    const reconcileRun = (minute: number, changes: ReturnType<typeof runChangeFactory>[]) =>
      finishedRun(minute, { connectorId: 'tencent', kind: 'reconcile' }, changes);
    const finding = (operatorKey: string, field: string, message: string) =>
      runChangeFactory({
        operatorKey,
        action: 'report',
        field,
        before: ['x', 'y'],
        after: message,
        outcome: 'skipped',
      });

    it('should answer a page of operators with their links and latest findings in one query', async () => {
      await reconcileRun(0, [finding('bob', 'ambiguous', 'an old finding')]);
      await reconcileRun(1, [finding('bob', 'ambiguous', '2 accounts match "bob"')]);
      // A later run for one operator only says nothing of the others.
      await reconcileRun(2, [
        finding('carl', 'scope', 'this run covered operator "carl" only'),
        finding('carl', 'missing-email', 'carl has no e-mail'),
      ]);

      const { result, queries } = await queriesOf(db.dataSource, () =>
        sut.page({ limit: 3, connectorIds: ['lhc', 'tencent', 'chathub'] }),
      );

      expect(queries).toBe(1);
      expect(result.map((entry) => entry.key)).toEqual(['anna', 'bob', 'carl']);
      expect(result[0]).toMatchObject({
        availability: 'busy',
        availabilityAt: at(3),
        availabilityConnectorId: 'lhc',
        findings: [],
      });
      expect(result[0].links.map((link) => [link.connectorId, link.remoteId])).toEqual([
        ['lhc', '1'],
        ['tencent', 'a'],
      ]);
      expect(result[1]).toMatchObject({
        links: [],
        findings: [{ connectorId: 'tencent', kind: 'ambiguous', message: '2 accounts match "bob"' }],
      });
      expect(result[2].findings).toEqual([]);
    });

    it('should continue after a key and filter by search, status, availability and a missing link', async () => {
      const keys = async (query: Partial<Parameters<OperatorPageRepository['page']>[0]>) =>
        (await sut.page({ limit: 10, connectorIds: [], ...query })).map((entry) => entry.key);

      expect(await keys({ afterKey: 'bob', limit: 2 })).toEqual(['carl', 'dina']);
      expect(await keys({ search: 'KOVAL' })).toEqual(['anna']);
      expect(await keys({ search: 'anna@' })).toEqual(['anna']);
      expect(await keys({ search: '50%_' })).toEqual(['bob']);
      expect(await keys({ search: '%' })).toEqual(['bob']);
      expect(await keys({ status: 'inactive' })).toEqual(['carl']);
      expect(await keys({ availability: 'busy' })).toEqual(['anna']);
      expect(await keys({ missingOn: 'lhc' })).toEqual(['bob', 'carl', 'eve']);
      expect(await keys({ missingOn: 'lhc', search: 'e', afterKey: 'carl' })).toEqual(['eve']);
    });
  });
});
