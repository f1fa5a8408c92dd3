import type { RemoteOperator } from '@app/platforms/chat-platform.adapter';
import { PlatformError, PlatformErrorCode } from '@app/core/platform-error';
import { type ReadBack, settleUnknownCreates, settleWaitsMs } from '@app/platforms/settle-unknown-creates';

const timedOut = (): PlatformError =>
  new PlatformError({
    code: PlatformErrorCode.TEMPORARY,
    connectorId: 'c1',
    message: 'POST /create failed: timed out',
    outcomeUnknown: true,
  });

const answered = (status: number): PlatformError =>
  new PlatformError({
    code: PlatformErrorCode.TEMPORARY,
    connectorId: 'c1',
    status,
    message: `POST /create answered HTTP ${status}`,
    outcomeUnknown: true,
  });

const remote = (key: string): RemoteOperator => ({ remoteId: `id-${key}`, name: key, status: 'active' });

/** A fake clock: records every wait, the virtual time of every read and the keys asked for. */
const harness = (answers: Array<(keys: string[]) => ReadBack>) => {
  let now = 0;
  const waits: number[] = [];
  const reads: Array<{ at: number; keys: string[] }> = [];
  return {
    waits,
    reads,
    sleep: (ms: number) => {
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
    read: (keys: string[]) => {
      reads.push({ at: now, keys });
      const answer = answers[reads.length - 1];
      return answer ? Promise.resolve(answer(keys)) : Promise.reject(new Error('unexpected read'));
    },
  };
};

const found =
  (...keys: string[]) =>
  (): ReadBack => ({ found: new Map(keys.map((k) => [k, remote(k)])) });
const nothing = found();

describe('settleUnknownCreates', () => {
  describe('settleWaitsMs', () => {
    it.each([
      [500, [1500, 2000, 4000]],
      [2000, [3000, 2000, 4000]],
      [10_000, [15_000, 10_000, 20_000]],
    ])(
      'should wait the timeout plus max(1 s, timeout/2), then growing waits, with a %i ms timeout',
      (timeoutMs, waits) => {
        expect(settleWaitsMs(timeoutMs)).toEqual(waits);
      },
    );
  });

  it('should read back after the timeout plus the grace and report created when the create landed', async () => {
    const h = harness([found('a')]);

    const result = await settleUnknownCreates({
      unclear: [{ key: 'a', error: timedOut() }],
      read: h.read,
      timeoutMs: 2000,
      sleep: h.sleep,
    });

    expect(result).toEqual({ created: [{ key: 'a', remote: remote('a') }], failed: [], unknown: [] });
    expect(h.reads).toEqual([{ at: 3000, keys: ['a'] }]);
  });

  it('should read again after growing waits, asking only for what is still missing', async () => {
    const h = harness([found('a'), nothing, found('b')]);

    const result = await settleUnknownCreates({
      unclear: [
        { key: 'a', error: timedOut() },
        { key: 'b', error: timedOut() },
      ],
      read: h.read,
      timeoutMs: 2000,
      sleep: h.sleep,
    });

    expect(result.created.map((c) => c.key)).toEqual(['a', 'b']);
    expect(result.unknown).toEqual([]);
    expect(h.reads).toEqual([
      { at: 3000, keys: ['a', 'b'] },
      { at: 5000, keys: ['b'] },
      { at: 9000, keys: ['b'] },
    ]);
  });

  it('should report unknown, flagged and explained, when three reads never find it', async () => {
    const h = harness([nothing, nothing, nothing]);
    const error = timedOut();

    const result = await settleUnknownCreates({
      unclear: [{ key: 'a', error }],
      read: h.read,
      timeoutMs: 500,
      sleep: h.sleep,
    });

    expect(result.created).toEqual([]);
    expect(result.failed).toEqual([]);
    expect(result.unknown).toEqual([
      {
        key: 'a',
        error: expect.objectContaining({ code: PlatformErrorCode.TEMPORARY, outcomeUnknown: true }),
      },
    ]);
    expect(result.unknown[0].error.message).toContain('timed out');
    expect(result.unknown[0].error.message).toContain('not found by 3 read-back(s) over 7500 ms');
    expect(result.unknown[0].error.cause).toBe(error);
    expect(h.waits).toEqual([1500, 2000, 4000]);
  });

  it('should read at most `reads` times', async () => {
    const h = harness([nothing]);

    const result = await settleUnknownCreates({
      unclear: [{ key: 'a', error: timedOut() }],
      read: h.read,
      timeoutMs: 500,
      sleep: h.sleep,
      reads: 1,
    });

    expect(result.unknown.map((u) => u.key)).toEqual(['a']);
    expect(h.reads).toHaveLength(1);
  });

  it.each([502, 504])(
    'should wait for a gateway %i like for a timeout: the platform may still be working',
    async (status) => {
      const h = harness([nothing, found('a')]);

      const result = await settleUnknownCreates({
        unclear: [{ key: 'a', error: answered(status) }],
        read: h.read,
        timeoutMs: 2000,
        sleep: h.sleep,
      });

      expect(result.created.map((c) => c.key)).toEqual(['a']);
      expect(h.waits).toEqual([3000, 2000]);
    },
  );

  it("should read the platform's own 500 once at once and fail it when missing: nothing is in flight", async () => {
    const h = harness([found('a')]);
    const h2 = harness([nothing]);
    const error = answered(500);

    const landed = await settleUnknownCreates({
      unclear: [{ key: 'a', error: answered(500) }],
      read: h.read,
      timeoutMs: 2000,
      sleep: h.sleep,
    });
    const missing = await settleUnknownCreates({
      unclear: [{ key: 'b', error }],
      read: h2.read,
      timeoutMs: 2000,
      sleep: h2.sleep,
    });

    expect(landed.created.map((c) => c.key)).toEqual(['a']);
    expect(h.reads).toEqual([{ at: 0, keys: ['a'] }]);
    expect(missing).toEqual({ created: [], failed: [{ key: 'b', error }], unknown: [] });
    expect(h2.reads).toHaveLength(1);
  });

  it('should settle an answered 500 at the first read when a timed-out create is settled with it', async () => {
    const h = harness([nothing, found('late')]);

    const result = await settleUnknownCreates({
      unclear: [
        { key: 'late', error: timedOut() },
        { key: 'gone', error: answered(500) },
      ],
      read: h.read,
      timeoutMs: 2000,
      sleep: h.sleep,
    });

    expect(result.created.map((c) => c.key)).toEqual(['late']);
    expect(result.failed.map((f) => f.key)).toEqual(['gone']);
    expect(h.reads).toEqual([
      { at: 3000, keys: ['late', 'gone'] },
      { at: 5000, keys: ['late'] },
    ]);
  });

  it('should report what the read settles as failed, e.g. an ambiguous name', async () => {
    const rejected = new PlatformError({
      code: PlatformErrorCode.REJECTED,
      connectorId: 'c1',
      message: 'two named a',
    });
    const h = harness([() => ({ found: new Map(), failed: new Map([['a', rejected]]) })]);

    const result = await settleUnknownCreates({
      unclear: [{ key: 'a', error: timedOut() }],
      read: h.read,
      timeoutMs: 2000,
      sleep: h.sleep,
    });

    expect(result).toEqual({ created: [], failed: [{ key: 'a', error: rejected }], unknown: [] });
  });

  it('should go on to the next read when a read fails, and name the last read error when none worked', async () => {
    const failing = harness([]);
    const recovering = harness([
      () => {
        throw new Error('list failed: ECONNRESET');
      },
      found('a'),
    ]);

    const recovered = await settleUnknownCreates({
      unclear: [{ key: 'a', error: timedOut() }],
      read: recovering.read,
      timeoutMs: 2000,
      sleep: recovering.sleep,
    });
    const unsettled = await settleUnknownCreates({
      unclear: [{ key: 'a', error: timedOut() }],
      read: failing.read,
      timeoutMs: 2000,
      sleep: failing.sleep,
    });

    expect(recovered.created.map((c) => c.key)).toEqual(['a']);
    expect(unsettled.unknown[0].error.message).toContain('not found by 0 read-back(s)');
    expect(unsettled.unknown[0].error.message).toContain('last read failed: unexpected read');
    expect(failing.reads).toHaveLength(3);
  });

  it('should neither wait nor read when nothing is unclear', async () => {
    const h = harness([]);

    const result = await settleUnknownCreates({ unclear: [], read: h.read, timeoutMs: 2000, sleep: h.sleep });

    expect(result).toEqual({ created: [], failed: [], unknown: [] });
    expect(h.waits).toEqual([]);
    expect(h.reads).toEqual([]);
  });
});
