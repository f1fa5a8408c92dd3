/** Continuous-refill token bucket; `now` is injectable so tests need no timers. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.updatedAt = now();
  }

  /** Takes one token, or returns the whole seconds to wait before one is available. */
  take(): { ok: true } | { ok: false; retryAfterSeconds: number } {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    const waitSeconds = (1 - this.tokens) / this.ratePerSecond;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }

  private refill(): void {
    const now = this.now();
    const elapsedSeconds = (now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsedSeconds * this.ratePerSecond);
    this.updatedAt = now;
  }
}
