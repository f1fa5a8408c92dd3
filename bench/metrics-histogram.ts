/** Cumulative bucket counts of a Prometheus histogram in a /metrics scrape, by upper bound (s). */
export const histogramBuckets = (scrape: string, name: string): Map<number, number> => {
  const buckets = new Map<number, number>();
  const pattern = new RegExp(`^${name}_bucket\\{[^}]*le="([^"]+)"[^}]*\\} (\\S+)$`, 'gm');
  for (const [, le, count] of scrape.matchAll(pattern)) {
    const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(count));
  }
  return buckets;
};

/**
 * The upper bound (ms) of the bucket holding quantile `q` of what was observed between two
 * scrapes: an honest "at most" (Infinity when it lies past the last finite bucket).
 */
export const quantileBetweenMs = (
  before: Map<number, number>,
  after: Map<number, number>,
  q: number,
): number => {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const delta = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
  const total = delta.at(-1) ?? 0;
  if (total === 0) {
    return Number.NaN;
  }
  const index = delta.findIndex((count) => count >= q * total);
  return bounds[index] * 1000;
};
