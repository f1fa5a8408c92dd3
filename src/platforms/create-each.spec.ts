import type { DesiredOperator } from '@app/core/operator.types';
import { PlatformError, PlatformErrorCode } from '@app/core/platform-error';
import type { RemoteOperator } from '@app/platforms/chat-platform.adapter';
import { createEach, writesInFlight } from '@app/platforms/create-each';
import type { ReadBack } from '@app/platforms/settle-unknown-creates';

const operator = (key: string): DesiredOperator => ({
  key,
  name: `Name ${key}`,
  email: `${key}@example.com`,
  role: 'agent',
  status: 'active',
});
const remote = (key: string): RemoteOperator => ({ remoteId: `id-${key}`, name: key, status: 'active' });
const timedOut = () =>
  new PlatformError({
    code: PlatformErrorCode.TEMPORARY,
    connectorId: 'c1',
    message: 'POST /agents failed: timed out',
    outcomeUnknown: true,
  });
const refused = () =>
  new PlatformError({ code: PlatformErrorCode.REJECTED, connectorId: 'c1', message: 'refused', status: 422 });

/** Creates that answer only when the test says so, and a record of how many were open at once. */
const heldCreates = () => {
  const open: Array<() => void> = [];
  const sent: string[] = [];
  let inFlight = 0;
  let peak = 0;
  return {
    sent,
    open,
    peak: () => peak,
    create: (op: DesiredOperator) => {
      sent.push(op.key);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      return new Promise<RemoteOperator>((resolve) =>
        open.push(() => {
          inFlight -= 1;
          resolve(remote(op.key));
        }),
      );
    },
  };
};

/** Lets every pending promise callback run (no timers involved). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createEach', () => {
  it('should keep exactly `concurrency` creates in flight, never more, until all are answered', async () => {
    const held = heldCreates();
    const operators = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(operator);
    const done = createEach({
      connectorId: 'c1',
      operators,
      concurrency: 3,
      create: held.create,
      readBack: () => Promise.reject(new Error('nothing to read back')),
      timeoutMs: 100,
    });
    await settle();
    expect(held.sent).toEqual(['a', 'b', 'c']);
    while (held.open.length > 0) {
      held.open.shift()!();
      await settle();
    }
    const result = await done;
    expect(held.peak()).toBe(3);
    expect(held.sent).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(result.created.map((c) => c.key).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('should settle a timed-out create among concurrent ones by reading it back, never by sending it again', async () => {
    const sent: string[] = [];
    const reads: string[][] = [];
    const waits: number[] = [];
    const result = await createEach({
      connectorId: 'c1',
      operators: ['a', 'b', 'c', 'd'].map(operator),
      concurrency: 4,
      create: (op) => {
        sent.push(op.key);
        if (op.key === 'b') {
          return Promise.reject(timedOut());
        }
        if (op.key === 'd') {
          return Promise.reject(refused());
        }
        return Promise.resolve(remote(op.key));
      },
      readBack: (unclear): Promise<ReadBack> => {
        reads.push(unclear.map((o) => o.key));
        return Promise.resolve({ found: new Map([['b', remote('b')]]) });
      },
      timeoutMs: 2000,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    expect(sent.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(reads).toEqual([['b']]);
    // The read waits out the timeout plus a grace first: the create may still be landing.
    expect(waits).toEqual([3000]);
    expect(result.created.map((c) => c.key).sort()).toEqual(['a', 'b', 'c']);
    expect(result.failed.map((f) => f.key)).toEqual(['d']);
    expect(result.unknown).toEqual([]);
  });

  it('should report a create still missing after every read-back as unknown', async () => {
    const result = await createEach({
      connectorId: 'c1',
      operators: [operator('a')],
      concurrency: 2,
      create: () => Promise.reject(timedOut()),
      readBack: () => Promise.resolve({ found: new Map() }),
      timeoutMs: 500,
      sleep: () => Promise.resolve(),
    });
    expect(result.unknown).toEqual([{ key: 'a', error: expect.objectContaining({ outcomeUnknown: true }) }]);
    expect(result.created).toEqual([]);
  });

  it('should send a create once more, after every read-back missed it, when the platform refuses duplicates', async () => {
    const sent: string[] = [];
    const result = await createEach({
      connectorId: 'c1',
      operators: ['a', 'b'].map(operator),
      concurrency: 2,
      create: (op) => {
        sent.push(op.key);
        return sent.length <= 2 ? Promise.reject(timedOut()) : Promise.resolve(remote(op.key));
      },
      readBack: () => Promise.resolve({ found: new Map([['a', remote('a')]]) }),
      timeoutMs: 500,
      resendAbsent: true,
      sleep: () => Promise.resolve(),
    });
    // a was found by the read-back; only b, still missing after every read, is sent again.
    expect(sent.sort()).toEqual(['a', 'b', 'b']);
    expect(result.created.map((c) => c.key).sort()).toEqual(['a', 'b']);
    expect(result.unknown).toEqual([]);
  });

  it.each([
    [1, 2],
    [10, 3],
    [250, 32],
    [100_000, 32],
  ])('should keep enough writes in flight for %i calls/s, and never more than 32: %i', (rate, expected) => {
    expect(writesInFlight(rate)).toBe(expected);
  });
});
