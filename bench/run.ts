import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';

import { BENCH_PLATFORMS } from './bench-platforms';
import { sqliteIngestPhase } from './phases/ingest';
import type { BenchSettings, Phase } from './phases/phase';
import { postgresIngestPhase } from './phases/postgres-ingest';
import { soakPhase } from './phases/soak';
import { type PeakRss, peakRssPhase, syncPhase } from './phases/sync';
import { consoleTable } from './results-table';
import { type BenchResults, type BenchRow, RESULTS_SCHEMA, failedRow } from './results-schema';

/**
 * `npm run bench`: the orchestrator. Every measured part runs in a process of its own — the
 * daemon (dist/src/main.js), the simulators (simulator-host.js), the bare NestJS baseline
 * (bare-app.js) and the load generator (load-worker.js) — and this process only starts them,
 * samples /proc and collects the rows. Environment:
 *   BENCH_QUICK=1          a smoke of a minute or two (fewer operators, shorter loads and soak)
 *   BENCH_ONLY=a,b         only the rows whose id starts with one of these (e.g. ingest,sync.tencent)
 *   BENCH_OPERATORS, BENCH_LOAD_SECONDS, BENCH_SOAK_SECONDS, BENCH_ONLINE_OPERATORS  override sizes
 *   BENCH_RESULTS=path     where the JSON goes (default bench/results/bench.json, bench-quick.json)
 */
const quick = process.env.BENCH_QUICK === '1';
/** A size from the environment: unset means the default; anything but a positive integer stops the bench. */
const numberFromEnv = (name: string, fallback: number): number => {
  const text = process.env[name];
  if (text === undefined || text === '') {
    return fallback;
  }
  if (!/^[1-9]\d*$/.test(text)) {
    process.stderr.write(`bench: ${name} must be a positive whole number, not ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return Number(text);
};

const settings: BenchSettings = {
  syncOperators: numberFromEnv('BENCH_OPERATORS', quick ? 500 : 10_000),
  onlineOperators: numberFromEnv('BENCH_ONLINE_OPERATORS', quick ? 200 : 1000),
  loadSeconds: numberFromEnv('BENCH_LOAD_SECONDS', quick ? 3 : 15),
  connections: 10,
  assignRate: 500,
  assignConnections: 20,
  soakSeconds: numberFromEnv('BENCH_SOAK_SECONDS', quick ? 30 : 600),
  soakRate: 100,
  soakSampleSeconds: quick ? 1 : 5,
};

const peaks: PeakRss[] = [];
const PHASES: Phase[] = [
  sqliteIngestPhase,
  postgresIngestPhase,
  ...BENCH_PLATFORMS.map((platform) => syncPhase(platform, peaks)),
  peakRssPhase(peaks),
  soakPhase,
];

const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const wanted = (id: string) => only.length === 0 || only.some((prefix) => id.startsWith(prefix));
const selected = PHASES.filter((phase) =>
  [...phase.rows.map((r) => r.id), ...(phase.feeds ?? [])].some(wanted),
);

const main = async (): Promise<void> => {
  const startedAt = new Date().toISOString();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverageAtStart: loadavg().map((n) => Math.round(n * 100) / 100),
  };
  process.stdout.write(
    `chat-bridge bench (${quick ? 'quick' : 'full'}): ${selected.map((p) => p.name).join(', ')}\n` +
      `${machine.cpus} × ${machine.cpuModel}, load average ${machine.loadAverageAtStart.join(' ')}\n`,
  );
  const rows: BenchRow[] = [];
  let failures = 0;
  for (const phase of selected) {
    const began = Date.now();
    try {
      rows.push(...(await phase.run(settings)).filter((row) => wanted(row.id)));
      process.stdout.write(`  ${phase.name}: done in ${((Date.now() - began) / 1000).toFixed(0)} s\n`);
    } catch (error) {
      failures += 1;
      const reason = error instanceof Error ? error.message : String(error);
      process.stderr.write(`  ${phase.name} FAILED: ${reason}\n`);
      rows.push(
        ...phase.rows.filter((row) => wanted(row.id)).map((row) => failedRow(row, reason.split('\n')[0])),
      );
    }
  }
  const results: BenchResults = {
    schema: RESULTS_SCHEMA,
    mode: quick ? 'quick' : 'full',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    settings: { ...settings },
    rows,
  };
  process.stdout.write(`\n${consoleTable(results)}\n`);
  const file =
    process.env.BENCH_RESULTS ?? join('bench', 'results', quick ? 'bench-quick.json' : 'bench.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwritten to ${file}\n`);
  // A missed target is a measurement; a phase that could not measure is a failure.
  process.exitCode = failures > 0 ? 1 : 0;
};

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
