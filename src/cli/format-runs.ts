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

// A blocked run wrote nothing; what the admin does next if the removals are meant.
const nextStep = (run: RunView): string[] =>
  run.outcome === 'blocked'
    ? [
        `  next: if these removals are meant, run chat-bridge sync --connector ${run.connectorId} --allow-deletes (or "Allow deletes once" in the console)`,
      ]
    : [];

/** A readable plan/run report: one block per connector, one line per change or finding. */
export const formatRuns = (runs: RunView[]): string =>
  runs
    .map((run) => {
      const title = `${run.connectorId}: ${run.dryRun ? 'plan' : 'run'} #${run.id} ${run.outcome}${run.error ? ` — ${run.error}` : ''}`;
      if (run.changes.length === 0) {
        // A run that failed planned nothing: "nothing to change" would read as all is well.
        return run.outcome === 'failed' || run.outcome === 'interrupted'
          ? title
          : [title, '  nothing to change', ...nextStep(run)].join('\n');
      }
      const rows = run.changes.map((c) => [
        c.action,
        c.operatorKey ?? '(unmanaged)',
        c.field ?? '',
        show(c.before),
        show(c.after),
        c.outcome + (c.error ? `: ${c.error}` : ''),
      ]);
      const header = ['ACTION', 'OPERATOR', 'FIELD', 'BEFORE', 'AFTER', 'OUTCOME'];
      return [title, table(header, rows), ...nextStep(run)].join('\n');
    })
    .join('\n\n');
