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

  it('should not run the work when another caller holds the same connector', async () => {
    const held = gate();
    const holder = sut.withLock('lhc', () => held.promise);
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the holder take the lock
    const second = jest.fn(() => Promise.resolve('second'));

    const result = await sut.withLock('lhc', second);

    expect(result).toEqual({ acquired: false });
    expect(second).not.toHaveBeenCalled();
    held.open();
    expect(await holder).toEqual({ acquired: true, result: undefined });
  });

  it('should let different connectors run at the same time', async () => {
    const held = gate();
    const holder = sut.withLock('lhc', () => held.promise);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(await sut.withLock('chatwoot', () => Promise.resolve('ok'))).toEqual({
      acquired: true,
      result: 'ok',
    });
    held.open();
    await holder;
  });

  it('should release the lock when the work throws', async () => {
    await expect(sut.withLock('lhc', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

    expect(await sut.withLock('lhc', () => Promise.resolve('again'))).toEqual({
      acquired: true,
      result: 'again',
    });
  });
});
