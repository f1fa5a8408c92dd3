import type { RunView } from '@app/reconcile/reconcile.types';

const show = (value: unknown): string => {
  if (value === null || value === undefined) {
    return '';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
};

const table = (header: string[], rows: string[][]): string => {
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
};

/** A readable plan/run report: one block per connector, one line per change or finding. */
export const formatRuns = (runs: RunView[]): string =>
  runs
    .map((run) => {
      const title = `${run.connectorId}: ${run.dryRun ? 'plan' : 'run'} #${run.id} ${run.outcome}${run.error ? ` — ${run.error}` : ''}`;
      if (run.changes.length === 0) {
        return `${title}\n  nothing to change`;
      }
      const rows = run.changes.map((c) => [
        c.action,
        c.operatorKey ?? '(unmanaged)',
        c.field ?? '',
        show(c.before),
        show(c.after),
        c.outcome + (c.error ? `: ${c.error}` : ''),
      ]);
      return `${title}\n${table(['ACTION', 'OPERATOR', 'FIELD', 'BEFORE', 'AFTER', 'OUTCOME'], rows)}`;
    })
    .join('\n\n');
