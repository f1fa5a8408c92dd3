import type {
  AcquireResult,
  ConnectorLockRepository,
  HeldLock,
} from '@app/database/repositories/connector-lock.repository';
import { ConnectorLocks } from '@app/runs/connector-locks.service';
import { ConnectorBusyError } from '@app/runs/run-errors';

/** The database's side of the lock, in memory: one holder per connector, like the real one. */
const fakeRepository = () => {
  const holders = new Map<string, string>();
  let acquisitions = 0;
  const repository = {
    tryAcquire: (connectorId: string, { holder }: { holder: string }): Promise<AcquireResult> => {
      acquisitions += 1;
      if (holders.has(connectorId)) {
        return Promise.resolve({ acquired: false, holder: holders.get(connectorId) ?? null });
      }
      holders.set(connectorId, holder);
      const lock: HeldLock = {
        connectorId,
        token: 't',
        renew: () => Promise.resolve(true),
        release: () => {
          holders.delete(connectorId);
          return Promise.resolve();
        },
      };
      return Promise.resolve({ acquired: true, lock });
    },
  } as unknown as ConnectorLockRepository;
  return { repository, acquisitions: () => acquisitions };
};

const gate = () => {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
};

describe(ConnectorLocks.name, () => {
  const now = { waitMs: 0, holder: 'daemon' };

  it('should refuse a second run started in the same tick, naming this process as the holder', async () => {
    const { repository, acquisitions } = fakeRepository();
    const sut = new ConnectorLocks(repository);
    const held = gate();

    const first = sut.exclusive('lhc', now, () => held.promise);
    const second = sut.exclusive('lhc', now, () => Promise.resolve());

    await expect(second).rejects.toMatchObject({
      name: 'ConnectorBusyError',
      connectorId: 'lhc',
      holder: expect.stringMatching(/^daemon pid \d+ on /),
    });
    held.open();
    await first;
    expect(acquisitions()).toBe(1);
  });

  it('should let a short write join the run that holds the connector instead of waiting for it', async () => {
    const sut = new ConnectorLocks(fakeRepository().repository);
    const held = gate();
    const order: string[] = [];

    const run = sut.exclusive('lhc', now, async () => {
      await held.promise;
      order.push('run done');
    });
    await sut.shared('lhc', now, () => Promise.resolve(order.push('push')));
    held.open();
    await run;

    expect(order).toEqual(['push', 'run done']);
  });

  it('should make a run wait, within its patience, for a short write that holds the connector', async () => {
    const sut = new ConnectorLocks(fakeRepository().repository);
    const pushing = gate();
    const push = sut.shared('lhc', now, () => pushing.promise);

    const run = sut.exclusive('lhc', { waitMs: 60_000, holder: 'daemon' }, () => Promise.resolve('ran'));
    pushing.open();

    await push;
    expect(await run).toBe('ran');
  });

  it('should keep the lock until every write that joined it is done', async () => {
    const { repository } = fakeRepository();
    const sut = new ConnectorLocks(repository);
    const pushing = gate();
    let joined!: Promise<unknown>;

    const run = sut.exclusive('lhc', now, () => {
      joined = sut.shared('lhc', now, () => pushing.promise);
      return Promise.resolve();
    });
    const contender = new ConnectorLocks(repository);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(contender.exclusive('lhc', now, () => Promise.resolve())).rejects.toBeInstanceOf(
      ConnectorBusyError,
    );
    pushing.open();
    await Promise.all([run, joined]);

    expect(await contender.exclusive('lhc', now, () => Promise.resolve('free'))).toBe('free');
  });
});
