import type { Histogram } from 'prom-client';

/** Upper bound (ms) of the histogram bucket holding quantile `q`: an honest "at most". */
export const histogramQuantileMs = async (histogram: Histogram<string>, q: number): Promise<number> => {
  const { values } = await histogram.get();
  const buckets = values
    .filter((v) => v.metricName?.endsWith('_bucket'))
    .sort((a, b) => Number(a.labels.le) - Number(b.labels.le));
  const total = buckets.at(-1)?.value ?? 0;
  const bucket = buckets.find((b) => b.value >= q * total);
  return bucket ? Number(bucket.labels.le) * 1000 : Number.NaN;
};
