import { type PacerClock, RatePacer } from '@app/platforms/http/rate-pacer';

/** A clock the test moves; every sleep is recorded with the time it was asked at. */
const fakeClock = () => {
  let now = 1000;
  const sleeps: Array<{ at: number; ms: number }> = [];
  const clock: PacerClock = {
    now: () => now,
    sleep: (ms, signal) => {
      sleeps.push({ at: now, ms });
      return signal.aborted ? Promise.reject(new Error('aborted')) : Promise.resolve();
    },
  };
  return { clock, sleeps, advance: (ms: number) => (now += ms) };
};

describe('RatePacer', () => {
  it('should give callers asking at once slots exactly 1/rate apart', async () => {
    const { clock, sleeps } = fakeClock();
    const sut = new RatePacer(250, clock);
    await Promise.all([sut.acquire(), sut.acquire(), sut.acquire(), sut.acquire()]);
    // The first goes now; the others wait for their slot: 4, 8 and 12 ms later.
    expect(sleeps.map((s) => s.ms)).toEqual([4, 8, 12]);
  });

  it('should keep the schedule absolute, so late callers do not push the slots further out', async () => {
    const { clock, sleeps, advance } = fakeClock();
    const sut = new RatePacer(100, clock);
    await sut.acquire(); // slot 1000
    await sut.acquire(); // slot 1010
    advance(15); // at 1015: the next free slot (1020) is 5 ms away, not 10
    await sut.acquire();
    expect(sleeps.map((s) => s.ms)).toEqual([10, 5]);
  });

  it('should not save up slots over a quiet spell (no burst after it)', async () => {
    const { clock, sleeps, advance } = fakeClock();
    const sut = new RatePacer(10, clock);
    await sut.acquire();
    advance(10_000);
    await sut.acquire();
    await sut.acquire();
    expect(sleeps.map((s) => s.ms)).toEqual([100]);
  });

  it('should take a slot less than a millisecond away at once, above 1000 calls/s', async () => {
    const { clock, sleeps } = fakeClock();
    const sut = new RatePacer(4000, clock);
    await Promise.all(Array.from({ length: 8 }, () => sut.acquire()));
    // Slots 0, 0.25, 0.5, 0.75 go at once; 1, 1.25, 1.5, 1.75 ms wait.
    expect(sleeps.map((s) => s.ms)).toEqual([1, 1.25, 1.5, 1.75]);
  });

  it('should refuse callers once closed', async () => {
    const { clock } = fakeClock();
    const sut = new RatePacer(10, clock);
    await sut.acquire();
    sut.close();
    await expect(sut.acquire()).rejects.toThrow('closed');
  });

  it('should reject a rate that is not positive', () => {
    expect(() => new RatePacer(0)).toThrow('rate must be > 0');
  });
});
