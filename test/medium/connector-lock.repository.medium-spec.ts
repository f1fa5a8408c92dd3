import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';

import type { DataSource } from 'typeorm';

import { openDataSource } from '@app/database/database.module';

import { ConnectorLockRepository } from '@app/database/repositories/connector-lock.repository';
import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

/** A promise the test resolves by hand, to hold a lock for exactly as long as it wants. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe.each(DATABASE_KINDS)(`${ConnectorLockRepository.name} on %s`, (kind) => {
  const db = useTestDatabase(kind);
  let sut: ConnectorLockRepository;

  beforeEach(() => {
    sut = new ConnectorLockRepository(db.dataSource);
  });

  it('should run the work and return its result when the lock is free', async () => {
    expect(await sut.withLock('lhc', () => Promise.resolve(42))).toEqual({ acquired: true, result: 42 });
  });

  /** Takes the connector's lock and keeps it until `held` opens; resolves once the lock is taken. */
  const holdLock = async (connectorId: string, held: ReturnType<typeof gate>) => {
    const taken = gate();
    const holder = sut.withLock(connectorId, () => {
      taken.open(); // the work runs only under the lock: proof it is held, with no sleep
      return held.promise;
    });
    await Promise.race([taken.promise, holder]);
    return { holder };
  };

  it('should not run the work when another caller holds the same connector', async () => {
    const held = gate();
    const { holder } = await holdLock('lhc', held);
    const second = jest.fn(() => Promise.resolve('second'));

    const result = await sut.withLock('lhc', second);

    held.open();
    expect(result).toEqual({ acquired: false, holder: expect.stringMatching(/^chat-bridge pid \d+ on /) });
    expect(second).not.toHaveBeenCalled();
    expect(await holder).toEqual({ acquired: true, result: undefined });
  });

  it('should let different connectors run at the same time', async () => {
    const held = gate();
    const { holder } = await holdLock('lhc', held);

    expect(await sut.withLock('chatwoot', () => Promise.resolve('ok'))).toEqual({
      acquired: true,
      result: 'ok',
    });
    held.open();
    await holder;
  });

  it('should name the holder, with its pid and host, to whoever finds the connector busy', async () => {
    const held = gate();
    const taken = gate();
    const holder = sut.withLock(
      'lhc',
      () => {
        taken.open();
        return held.promise;
      },
      { holder: 'sync (CLI)' },
    );
    await taken.promise;

    const attempt = await sut.tryAcquire('lhc', { holder: 'daemon' });

    held.open();
    await holder;
    expect(attempt).toEqual({ acquired: false, holder: `sync (CLI) pid ${process.pid} on ${hostname()}` });
    expect(await sut.holderOf('lhc')).toBeNull();
  });

  it('should release the lock when the work throws', async () => {
    await expect(sut.withLock('lhc', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

    expect(await sut.withLock('lhc', () => Promise.resolve('again'))).toEqual({
      acquired: true,
      result: 'again',
    });
  });
});

describe('ConnectorLockRepository across processes on one SQLite file', () => {
  const db = useTestDatabase('sqlite');
  let other: DataSource;

  beforeEach(async () => {
    // A second connection to the same file: what the CLI next to the daemon has.
    other = await openDataSource(db.url);
  });

  afterEach(async () => {
    await other.destroy();
  });

  it('should refuse the lock to another connection while the lease is held, and grant it once released', async () => {
    const daemon = await new ConnectorLockRepository(db.dataSource).tryAcquire('lhc', { holder: 'daemon' });
    const cli = new ConnectorLockRepository(other);

    const busy = await cli.tryAcquire('lhc', { holder: 'sync (CLI)' });
    if (!daemon.acquired) {
      throw new Error('the daemon should have the lock');
    }
    await daemon.lock.release();
    const free = await cli.tryAcquire('lhc', { holder: 'sync (CLI)' });

    expect(busy).toEqual({ acquired: false, holder: expect.stringMatching(/^daemon pid/) });
    expect(free.acquired).toBe(true);
  });

  it('should let another take a lease its holder stopped renewing', async () => {
    // A lease that expired the moment it was taken: its holder was suspended past its TTL.
    const stale = await new ConnectorLockRepository(db.dataSource).tryAcquire('lhc', {
      holder: 'daemon',
      ttlMs: -1,
    });
    const cli = new ConnectorLockRepository(other);

    const taken = await cli.tryAcquire('lhc', { holder: 'sync (CLI)' });

    expect(stale.acquired).toBe(true);
    expect(taken.acquired).toBe(true);
    if (stale.acquired) {
      expect(await stale.lock.renew()).toBe(false);
    }
  });

  it('should take over at once a lease of a process on this host that no longer runs', async () => {
    const exited = spawnSync(process.execPath, ['-e', '0']).pid;
    await other.query(
      `INSERT INTO connector_leases (connector_id, token, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
      [
        'lhc',
        't',
        `daemon pid ${exited} on ${hostname()}`,
        '2026-01-01T00:00:00.000Z',
        '2999-01-01T00:00:00.000Z',
      ],
    );

    expect(
      (await new ConnectorLockRepository(db.dataSource).tryAcquire('lhc', { holder: 'daemon' })).acquired,
    ).toBe(true);
  });

  it('should keep the lease of a live process on this host until it expires', async () => {
    await other.query(
      `INSERT INTO connector_leases (connector_id, token, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
      [
        'lhc',
        't',
        `daemon pid ${process.ppid} on ${hostname()}`,
        '2026-01-01T00:00:00.000Z',
        '2999-01-01T00:00:00.000Z',
      ],
    );

    expect(
      (await new ConnectorLockRepository(db.dataSource).tryAcquire('lhc', { holder: 'daemon' })).acquired,
    ).toBe(false);
  });
});
