/**
 * The results file of `npm run bench`: bench/results/bench.json (bench-quick.json with
 * BENCH_QUICK=1), schema "chat-bridge-bench/1". The README's table is generated from it.
 *
 * {
 *   "schema": "chat-bridge-bench/1",
 *   "mode": "full" | "quick",
 *   "startedAt": ISO time, "finishedAt": ISO time,
 *   "machine": { "cpus", "cpuModel", "node", "platform", "loadAverageAtStart": [1, 5, 15 min] },
 *   "settings": { name: number } — operators, load seconds, rates: what the run was asked to do,
 *   "rows": [
 *     {
 *       "id": "ingest.sqlite",        stable, dotted; the README and CI refer to rows by it
 *       "label": "…",                 what was measured, in words
 *       "value": number | null,       the measurement (null: the phase failed, see detail)
 *       "unit": "req/s" | "ms" | "s" | "calls" | "MB" | "writes",
 *       "baseline": number | null,    what the value is compared with (bare route, floor, minimum)
 *       "ratio": number | null,       value ÷ baseline, when there is a baseline
 *       "target": { "on": "value" | "ratio", "min"?: number, "max"?: number },
 *       "met": boolean,               the target holds for a measured value
 *       "detail": string              the figures behind the row (errors, p99s, per-platform)
 *     }
 *   ]
 * }
 */
export const RESULTS_SCHEMA = 'chat-bridge-bench/1';

export type RowUnit = 'req/s' | 'ms' | 's' | 'calls' | 'MB' | 'writes';

export interface RowTarget {
  on: 'value' | 'ratio';
  min?: number;
  max?: number;
}

export interface BenchRow {
  id: string;
  label: string;
  value: number | null;
  unit: RowUnit;
  baseline: number | null;
  ratio: number | null;
  target: RowTarget;
  met: boolean;
  detail: string;
}

export interface BenchResults {
  schema: typeof RESULTS_SCHEMA;
  mode: 'full' | 'quick';
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; loadAverageAtStart: number[] };
  settings: Record<string, number>;
  rows: BenchRow[];
}

const finite = (n: number | null | undefined): number | null =>
  n === null || n === undefined || !Number.isFinite(n) ? null : n;

/** A row from its measurement: the ratio and whether the target holds are computed here only. */
export const makeRow = (params: {
  id: string;
  label: string;
  value: number | null | undefined;
  unit: RowUnit;
  baseline?: number | null;
  target: RowTarget;
  detail?: string;
}): BenchRow => {
  const value = finite(params.value);
  const baseline = finite(params.baseline);
  const ratio = value !== null && baseline !== null && baseline !== 0 ? value / baseline : null;
  const checked = params.target.on === 'ratio' ? ratio : value;
  const { min, max } = params.target;
  const met =
    checked !== null && (min === undefined || checked >= min) && (max === undefined || checked <= max);
  return {
    id: params.id,
    label: params.label,
    value,
    unit: params.unit,
    baseline,
    ratio,
    target: params.target,
    met,
    detail: params.detail ?? '',
  };
};

/** A row whose phase failed: no value, not met, the reason in the detail. */
export const failedRow = (
  row: Pick<BenchRow, 'id' | 'label' | 'unit' | 'target'>,
  reason: string,
): BenchRow => ({
  ...row,
  value: null,
  baseline: null,
  ratio: null,
  met: false,
  detail: `failed: ${reason}`,
});

export const targetText = (row: Pick<BenchRow, 'target' | 'unit'>): string => {
  const { on, min, max } = row.target;
  const unit = on === 'ratio' ? '×' : ` ${row.unit}`;
  if (min !== undefined && max !== undefined) {
    return `${on} ${min}–${max}${unit}`;
  }
  return min !== undefined ? `${on} ≥ ${min}${unit}` : `${on} ≤ ${max}${unit}`;
};

/** Numbers as a person reads them: three significant digits at most, integers kept whole. */
export const formatNumber = (n: number | null): string => {
  if (n === null) {
    return '—';
  }
  if (Math.abs(n) >= 100 || Number.isInteger(n)) {
    return Math.round(n).toLocaleString('en-US');
  }
  return n.toPrecision(3).replace(/\.?0+$/, '');
};
