import { TokenBucket } from '@app/simulator/framework/token-bucket';

describe(TokenBucket.name, () => {
  let now: number;
  let sut: TokenBucket;

  beforeEach(() => {
    now = 1_000_000;
    sut = new TokenBucket(2, 2, () => now);
  });

  it('should allow a burst up to capacity and then refuse when no time has passed', () => {
    expect([sut.take().ok, sut.take().ok, sut.take().ok]).toEqual([true, true, false]);
  });

  it('should refill at the configured rate when time passes', () => {
    sut.take();
    sut.take();
    now += 500;

    expect(sut.take().ok).toBe(true);
    expect(sut.take().ok).toBe(false);
  });

  it('should report whole seconds to wait when the bucket is empty', () => {
    const slow = new TokenBucket(0.25, 1, () => now);
    slow.take();

    expect(slow.take()).toEqual({ ok: false, retryAfterSeconds: 4 });
  });
});
