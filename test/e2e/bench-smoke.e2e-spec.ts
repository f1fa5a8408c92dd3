import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { BENCH_PLATFORMS } from '../../bench/bench-platforms';
import { RESULTS_SCHEMA } from '../../bench/results-schema';

const RUN = resolve(__dirname, '../../dist/bench/run.js');

const EXPECTED_ROWS = [
  'ingest.sqlite',
  'ingest.postgres',
  'assign.p99',
  'assign.p99.server',
  ...BENCH_PLATFORMS.flatMap((p) => [
    `sync.${p}.first`,
    `sync.${p}.calls`,
    `sync.${p}.quiet.cpu`,
    `sync.${p}.quiet.writes`,
  ]),
  'rss.peak',
  'rss.soak',
];

/**
 * The whole `npm run bench` orchestration at a tiny size (about a minute): every process starts,
 * every phase measures, and the results file keeps its schema. Values are never compared with
 * targets here — speed belongs to the bench, not to a test on a busy machine.
 */
describe('npm run bench, quick and tiny', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chat-bridge-bench-smoke-'));
  const file = join(dir, 'bench.json');
  let exit: { code: number | null; output: string };

  beforeAll(async () => {
    exit = await new Promise((done) => {
      const child = spawn(process.execPath, [RUN], {
        env: {
          ...process.env,
          BENCH_QUICK: '1',
          BENCH_OPERATORS: '50',
          BENCH_ONLINE_OPERATORS: '50',
          BENCH_LOAD_SECONDS: '1',
          BENCH_SOAK_SECONDS: '3',
          BENCH_RESULTS: file,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => done({ code, output }));
    });
  }, 600_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should measure every phase (exit code 0) and print one table', () => {
    expect({ code: exit.code, output: exit.code === 0 ? '' : exit.output }).toEqual({ code: 0, output: '' });
    expect(exit.output).toMatch(/^row\s+measured\s+baseline\s+ratio\s+target\s+met$/m);
  });

  it('should write every row with a numeric value in the documented schema', () => {
    const results = JSON.parse(readFileSync(file, 'utf8'));
    expect(results).toMatchObject({
      schema: RESULTS_SCHEMA,
      mode: 'quick',
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      finishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      machine: { cpus: expect.any(Number), node: process.version },
      settings: { syncOperators: 50, onlineOperators: 50, loadSeconds: 1, soakSeconds: 3 },
    });
    expect(results.rows.map((row: { id: string }) => row.id).sort()).toEqual([...EXPECTED_ROWS].sort());
    for (const row of results.rows) {
      expect(Object.keys(row).sort()).toEqual(
        ['baseline', 'detail', 'id', 'label', 'met', 'ratio', 'target', 'unit', 'value'].sort(),
      );
      expect({ id: row.id, value: Number.isFinite(row.value) }).toEqual({ id: row.id, value: true });
      expect(['req/s', 'ms', 's', 'calls', 'MB', 'writes']).toContain(row.unit);
      expect(['value', 'ratio']).toContain(row.target.on);
      expect(typeof row.met).toBe('boolean');
      if (row.target.on === 'ratio') {
        expect({ id: row.id, ratio: row.ratio }).toEqual({ id: row.id, ratio: row.value / row.baseline });
      }
    }
  });
});
