import { readFileSync, writeFileSync } from 'node:fs';

import { format, resolveConfig } from 'prettier';

import { type BenchResults, RESULTS_SCHEMA } from './results-schema';
import { markdownTable } from './results-table';

/**
 * Rewrites the README's benchmark table from a results file:
 *
 *   node dist/bench/readme-table.js [bench/results/bench.json] [README.md]
 *
 * Everything between the `<!-- bench:start -->` and `<!-- bench:end -->` markers is replaced,
 * then the README is formatted by prettier (as `npm run lint` checks it).
 */
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

const main = async (): Promise<void> => {
  const [resultsFile = 'bench/results/bench.json', readmeFile = 'README.md'] = process.argv.slice(2);
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults;
  const schema: string = results.schema;
  if (schema !== RESULTS_SCHEMA) {
    throw new Error(`${resultsFile} is not a ${RESULTS_SCHEMA} results file (schema: ${schema})`);
  }
  const readme = readFileSync(readmeFile, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`${readmeFile} has no ${START} … ${END} section`);
  }
  const rewritten = `${readme.slice(0, start + START.length)}\n\n${markdownTable(results)}\n\n${readme.slice(end)}`;
  const options = (await resolveConfig(readmeFile)) ?? {};
  writeFileSync(readmeFile, await format(rewritten, { ...options, filepath: readmeFile }));
  process.stdout.write(`${readmeFile}: table rewritten from ${resultsFile}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`readme-table: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
