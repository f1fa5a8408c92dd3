import { type BenchResults, type BenchRow, formatNumber, targetText } from './results-schema';

const HEADER = ['row', 'measured', 'baseline', 'ratio', 'target', 'met'];

const cells = (row: BenchRow): string[] => [
  row.id,
  row.value === null ? 'failed' : `${formatNumber(row.value)} ${row.unit}`,
  row.baseline === null ? '' : `${formatNumber(row.baseline)} ${row.unit}`,
  row.ratio === null ? '' : `${row.ratio.toFixed(2)}×`,
  targetText(row),
  row.met ? 'yes' : 'NO',
];

/** The table the bench prints: one line per row, then each row's detail. */
export const consoleTable = (results: BenchResults): string => {
  const lines = [HEADER, ...results.rows.map(cells)];
  const width = HEADER.map((_, i) => Math.max(...lines.map((line) => line[i].length)));
  const table = lines.map((line) =>
    line
      .map((c, i) => c.padEnd(width[i]))
      .join('  ')
      .trimEnd(),
  );
  const details = results.rows.map((row) => `  ${row.id}: ${row.detail}`);
  return [...table, '', ...details].join('\n');
};

/** The README's table (prettier aligns it), with the run it comes from. */
export const markdownTable = (results: BenchResults): string => {
  const { machine } = results;
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const rows = results.rows.map((row) => `| ${cells(row).map(escape).join(' | ')} |`);
  return [
    `Measured ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC (${results.mode} run), ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load average ${machine.loadAverageAtStart[0].toFixed(2)} at the start:`,
    '',
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map(() => '---').join(' | ')} |`,
    ...rows,
  ].join('\n');
};
