import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One distinct failure of a property: same status, same daemon error (input details blanked). */
export interface RecordedFailure {
  signature: string;
  /** How many explored (and shrink) inputs hit it. */
  count: number;
  /** The daemon's error line and the first frames of its stack, if it logged one. */
  log: string;
  /** The smallest request seen with this signature. */
  example: string;
  exampleSize: number;
  firstInput: string;
  /** fast-check's shrunk counterexample; `fc.check(property, { seed, path })` replays exactly it. */
  minimal?: { request: string; input: string; seed: number; path: string; numShrinks: number };
}

export interface PropertyResult {
  db: string;
  route: string;
  variant: string;
  seed: number;
  /** Generated inputs sent (the explore phase: exactly numRuns). */
  inputs: number;
  /** Extra inputs sent while shrinking failures. */
  shrinkInputs: number;
  /** Replies by class: 2xx, 4xx, 5xx, socket. */
  statuses: Record<string, number>;
  /** Replies by status and error message (what the inputs reached): kept in the JSON report only. */
  replies: Record<string, number>;
  failures: RecordedFailure[];
  /** Checks after the run: nothing stored by forged requests, a valid delivery still processed… */
  problems: string[];
  /** Error lines the daemon logged meanwhile that no 5xx reply accounts for (not asserted). */
  backgroundErrors: string[];
  durationMs: number;
}

const results: PropertyResult[] = [];
const extraFindings: string[] = [];

export const recordResult = (result: PropertyResult): void => {
  results.push(result);
};

/** Findings outside any one property (events that ended dead, restarts…); reported, not asserted. */
export const recordFinding = (finding: string): void => {
  extraFindings.push(finding);
};

/** Why a property's test fails: each distinct failure with its minimal counterexample, then the checks. */
export const formatFailures = (result: PropertyResult): string => {
  const lines = [
    `${result.route} [${result.variant}] on ${result.db} (seed ${result.seed}, ${result.inputs} inputs):`,
  ];
  for (const f of result.failures) {
    lines.push(`- ${f.signature}  (${f.count}x)`);
    if (f.log) {
      lines.push(`    daemon: ${f.log}`);
    }
    if (f.minimal) {
      lines.push(
        `    minimal (${f.minimal.numShrinks} shrinks, seed ${f.minimal.seed}, path "${f.minimal.path}"):`,
      );
      lines.push(`      ${f.minimal.request}`);
      lines.push(`      input: ${f.minimal.input}`);
    } else {
      lines.push(`    smallest seen: ${f.example}`);
    }
  }
  for (const problem of result.problems) {
    lines.push(`- after the run: ${problem}`);
  }
  return lines.join('\n');
};

const pad = (text: string, width: number) =>
  text.length >= width ? text : text + ' '.repeat(width - text.length);

/** The table the closing note quotes: inputs per route and database, replies by class, failures. */
export const summaryTable = (): string => {
  const header = [
    'db',
    'route',
    'variant',
    'inputs',
    'shrink',
    '2xx',
    '4xx',
    '5xx',
    'sock',
    'distinct',
    'checks',
    'ms',
  ];
  const rows = results.map((r) => [
    r.db,
    r.route,
    r.variant,
    String(r.inputs),
    String(r.shrinkInputs),
    String(r.statuses['2xx'] ?? 0),
    String(r.statuses['4xx'] ?? 0),
    String(r.statuses['5xx'] ?? 0),
    String(r.statuses.socket ?? 0),
    String(r.failures.length),
    r.problems.length === 0 ? 'ok' : `${r.problems.length} FAILED`,
    String(r.durationMs),
  ]);
  const total = results.reduce((sum, r) => sum + r.inputs, 0);
  const shrink = results.reduce((sum, r) => sum + r.shrinkInputs, 0);
  rows.push(['TOTAL', '', '', String(total), String(shrink), '', '', '', '', '', '', '']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const format = (row: string[]) => row.map((cell, i) => pad(cell, widths[i])).join('  ');
  const out = [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format)];
  const failing = results.filter((r) => r.failures.length > 0 || r.problems.length > 0);
  if (failing.length > 0) {
    out.push('', 'FAILURES', ...failing.map(formatFailures));
  }
  const background = results.filter((r) => r.backgroundErrors.length > 0);
  if (background.length > 0 || extraFindings.length > 0) {
    out.push('', 'LOGGED ERRORS WITHOUT A 5xx (not asserted)');
    for (const r of background) {
      out.push(`${r.route} [${r.variant}] on ${r.db}:`, ...r.backgroundErrors.map((e) => `  - ${e}`));
    }
    out.push(...extraFindings.map((f) => `- ${f}`));
  }
  return out.join('\n');
};

/** Prints the table, and keeps it as JSON when FUZZ_REPORT_DIR is set (one file per database). */
export const printSummary = (db: string): void => {
  console.log(
    `fuzz tier summary (${db}, base seed ${process.env.FUZZ_SEED ?? 'default'})\n${summaryTable()}`,
  );
  const dir = process.env.FUZZ_REPORT_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `fuzz-${db}.json`), JSON.stringify({ results, extraFindings }, null, 2));
  }
};
