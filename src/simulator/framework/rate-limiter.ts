import type { RateLimitOptions, RouteKey } from '@app/simulator/framework/simulator.types';
import { TokenBucket } from '@app/simulator/framework/token-bucket';

const SERVER_BUCKET = '*';

/** One token bucket for the server, or one per route when `perRoute` is set. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly options: RateLimitOptions) {
    if (!(options.requestsPerSecond > 0)) {
      throw new Error('rateLimit.requestsPerSecond must be > 0');
    }
  }

  take(routeKey: RouteKey): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const key = this.options.perRoute ? routeKey : SERVER_BUCKET;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const burst = this.options.burst ?? Math.max(1, this.options.requestsPerSecond);
      bucket = new TokenBucket(this.options.requestsPerSecond, burst);
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }
}
