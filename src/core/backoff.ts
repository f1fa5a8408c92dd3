export interface ExponentialBackoffParams {
  /** 1 for the first retry; each further attempt doubles the delay. */
  attempt: number;
  baseMs: number;
  /** Upper bound of the delay before jitter is applied. */
  capMs: number;
  /** Spread either side as a fraction: 0.1 gives 0.9–1.1 times the delay. */
  jitter: number;
  /** Uniform in [0, 1); injectable for tests. */
  random?: () => number;
}

/** `min(cap, base · 2^(attempt − 1))`, spread by ±jitter so that retries do not arrive together. */
export const exponentialBackoff = ({
  attempt,
  baseMs,
  capMs,
  jitter,
  random = Math.random,
}: ExponentialBackoffParams): number => {
  const delay = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return delay * (1 - jitter + random() * 2 * jitter);
};
