import type { BenchDaemon } from '../daemon';
import { type LoadResult, loadInOwnProcess } from '../load-process';
import { histogramBuckets, quantileBetweenMs } from '../metrics-histogram';
import { type BenchRow, makeRow } from '../results-schema';
import type { BenchSettings, Phase } from './phase';
import { drainInbox, startBareApp, startTencentDaemon } from './tencent-daemon';

const ASSIGN_HISTOGRAM = 'chat_bridge_assignment_answer_seconds';

export const ingestRow = (database: 'sqlite' | 'postgres') => ({
  id: `ingest.${database}`,
  label: `signed Tencent webhooks stored in ${database === 'sqlite' ? 'SQLite' : 'PostgreSQL'} and acknowledged, vs the bare NestJS route`,
  unit: 'req/s' as const,
  target: { on: 'ratio' as const, min: 0.5 },
});

const loadText = (r: LoadResult): string => `p99 ${r.p99Ms} ms, ${r.non2xx} non-2xx, ${r.errors} errors`;

/**
 * The bare route, then the daemon, with the same generator settings and the same requests,
 * back to back (a baseline measured next to each row, on a machine whose load varies).
 */
export const measureIngestion = async (
  daemon: BenchDaemon,
  settings: BenchSettings,
  database: 'sqlite' | 'postgres',
  note = '',
): Promise<BenchRow> => {
  const bare = await startBareApp();
  const job = {
    kind: 'State.StateChange' as const,
    durationSeconds: settings.loadSeconds,
    connections: settings.connections,
    operators: settings.onlineOperators,
  };
  let baseline: LoadResult;
  try {
    baseline = await loadInOwnProcess({ ...job, origin: bare.ready.url });
  } finally {
    await bare.stop();
  }
  const ingest = await loadInOwnProcess({ ...job, origin: daemon.url });
  await drainInbox(daemon);
  return makeRow({
    ...ingestRow(database),
    value: ingest.okPerSecond,
    baseline: baseline.okPerSecond,
    detail: `daemon ${loadText(ingest)}; bare ${loadText(baseline)}; ${settings.connections} connections, ${settings.loadSeconds} s each${note}`,
  });
};

const assignRows = [
  {
    id: 'assign.p99',
    label: 'assign-agent callback answer time, p99 seen by the client',
    unit: 'ms' as const,
    target: { on: 'value' as const, max: 50 },
  },
  {
    id: 'assign.p99.server',
    label: `assign-agent answer time, p99 of ${ASSIGN_HISTOGRAM} (upper bound of its bucket)`,
    unit: 'ms' as const,
    target: { on: 'value' as const, max: 50 },
  },
];

const measureAssignment = async (daemon: BenchDaemon, settings: BenchSettings): Promise<BenchRow[]> => {
  const before = histogramBuckets(await daemon.metrics(), ASSIGN_HISTOGRAM);
  const assign = await loadInOwnProcess({
    origin: daemon.url,
    kind: 'ChatBot.OnAssignAgent',
    durationSeconds: settings.loadSeconds,
    connections: settings.assignConnections,
    rate: settings.assignRate,
    operators: settings.onlineOperators,
  });
  const after = histogramBuckets(await daemon.metrics(), ASSIGN_HISTOGRAM);
  const detail = `${settings.assignRate} req/s offered for ${settings.loadSeconds} s over ${settings.assignConnections} connections, ${settings.onlineOperators} agents online; ${assign.ok} answered, p50 ${assign.p50Ms} ms, ${assign.non2xx} non-2xx, ${assign.errors} errors`;
  return [
    makeRow({ ...assignRows[0], value: assign.p99Ms, detail }),
    makeRow({
      ...assignRows[1],
      value: quantileBetweenMs(before, after, 0.99),
      detail: `p50 ≤ ${quantileBetweenMs(before, after, 0.5)} ms`,
    }),
  ];
};

/** ingest.sqlite, assign.p99, assign.p99.server: one SQLite daemon, all agents online. */
export const sqliteIngestPhase: Phase = {
  name: 'ingestion and assignment on SQLite',
  rows: [ingestRow('sqlite'), ...assignRows],
  run: async (settings) => {
    const setup = await startTencentDaemon((dir) => `sqlite:${dir}/bench.sqlite`, settings.onlineOperators);
    try {
      const ingest = await measureIngestion(
        setup.daemon,
        settings,
        'sqlite',
        '; journal_mode=WAL, synchronous=NORMAL',
      );
      return [ingest, ...(await measureAssignment(setup.daemon, settings))];
    } finally {
      await setup.stop();
    }
  },
};
