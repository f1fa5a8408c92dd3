import { exponentialBackoff } from '@app/core/backoff';

describe(exponentialBackoff.name, () => {
  const params = { baseMs: 1_000, capMs: 10_000, jitter: 0 };

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it.each([
    [1, 1_000],
    [2, 2_000],
    [4, 8_000],
    [5, 10_000],
    [2_000, 10_000],
  ])('should wait min(cap, base * 2^(attempt - 1)) on attempt %i when there is no jitter', (attempt, ms) => {
    expect(exponentialBackoff({ ...params, attempt })).toBe(ms);
  });

  it('should treat an attempt below 1 as the first one', () => {
    expect(exponentialBackoff({ ...params, attempt: 0 })).toBe(1_000);
  });

  it.each([
    [0, 800],
    [0.5, 1_000],
    [0.999_999, 1_199.9996],
  ])('should spread the delay by the jitter either side when random gives %d', (random, ms) => {
    expect(exponentialBackoff({ ...params, attempt: 1, jitter: 0.2, random: () => random })).toBeCloseTo(
      ms,
      3,
    );
  });

  it('should apply the jitter after the cap when the cap is reached', () => {
    expect(exponentialBackoff({ ...params, attempt: 10, jitter: 0.1, random: () => 0 })).toBe(9_000);
  });

  it('should use Math.random when no random is given', () => {
    jest.spyOn(Math, 'random').mockReturnValue(1);
    expect(exponentialBackoff({ ...params, attempt: 1, jitter: 0.1 })).toBeCloseTo(1_100);
  });
});
