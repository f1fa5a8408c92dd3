import 'reflect-metadata';

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

import {
  type PostgresServer,
  startPostgresServer,
  stopPostgresServer,
} from '../test/medium/support/postgres-server';
import type { ReplicaProcess } from '../test/e2e/support/replica-process';
import { type LoadResult, load } from './load';
import { bucketQuantileMs, ReplicaCluster } from './replica-cluster';

// Replicas on one PostgreSQL: how fast a change drained by one replica shows in another's
// assign-agent answers, and how ingestion scales from 1 to 3 replicas. The server is
// TEST_DATABASE_URL when set, else a throwaway local cluster (as the medium tests start one).
const OPERATORS = Number(process.env.BENCH_OPERATORS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const CONNECTIONS = 12; // client connections in total, split over the replicas
const PORT = Number(process.env.BENCH_PORT ?? 3970);

let eventTime = Date.now() + 600_000; // later than anything a start-up poll stamps
const stateChange = (key: string, action: 'Login' | 'Logout') => ({
  CallbackCommand: 'State.StateChange',
  EventTime: ++eventTime,
  Info: { Action: action, To_Account: key, Reason: action === 'Login' ? 'Register' : 'Unregister' },
});

interface IngestResult {
  replicas: number;
  /** Acknowledged deliveries per second, all replicas together (verify + store + 2xx). */
  ackedPerSecond: number;
  /** Events applied per second, from the first delivery until the shared inbox was empty. */
  processedPerSecond: number;
  events: number;
  clientP99Ms: number;
  errors: number;
}

/** Signed State.StateChange deliveries at full speed, spread evenly over the replicas. */
const ingest = async (
  cluster: ReplicaCluster,
  seconds: number,
  replicas = cluster.replicas,
): Promise<LoadResult[]> => {
  let n = 0;
  return Promise.all(
    replicas.map((replica) =>
      load({
        url: cluster.callbackUrl(replica, 'State.StateChange'),
        durationSeconds: seconds,
        connections: Math.max(1, Math.round(CONNECTIONS / replicas.length)),
        body: () => JSON.stringify(stateChange(`op${n % OPERATORS}`, n++ % 2 ? 'Login' : 'Logout')),
      }),
    ),
  );
};

const measureIngestion = async (cluster: ReplicaCluster): Promise<IngestResult> => {
  const started = Date.now();
  const runs = await ingest(cluster, SECONDS);
  await cluster.until(async () => (await cluster.pendingEvents()) === 0, 'the inbox to drain', 600_000);
  const [{ n }] = await cluster.db.query<{ n: string }>(
    `SELECT COUNT(*) AS n FROM inbox_events WHERE kind = 'availability'`,
  );
  return {
    replicas: cluster.replicas.length,
    ackedPerSecond: runs.reduce((sum, r) => sum + r.requestsPerSecond, 0),
    processedPerSecond: Number(n) / ((Date.now() - started) / 1000),
    events: Number(n),
    clientP99Ms: Math.max(...runs.map((r) => r.p99Ms)),
    errors: runs.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
  };
};

/** Logout/Login sent to one replica; the time until another replica's answer reflects it. */
const measurePropagation = async (cluster: ReplicaCluster): Promise<number[]> => {
  const [first, ...rest] = cluster.replicas;
  const offers = async (replica: ReplicaProcess, key: string) =>
    (await cluster.offered(replica, `probe-${Date.now()}`)).includes(`${key}@example.com`);
  for (let i = 0; i < OPERATORS; i++) {
    await cluster.post(cluster.callbackUrl(first, 'State.StateChange'), stateChange(`op${i}`, 'Login'));
  }
  await cluster.until(
    async () => (await cluster.offered(rest[0], 'probe')).length === Math.min(50, OPERATORS),
    'everyone online',
  );
  const delays: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const sender = cluster.replicas[round % 3];
    const observer = cluster.replicas[(round + 1) % 3];
    const key = `op${round % OPERATORS}`;
    for (const action of ['Logout', 'Login'] as const) {
      const sent = Date.now();
      await cluster.post(cluster.callbackUrl(sender, 'State.StateChange'), stateChange(key, action));
      while ((await offers(observer, key)) !== (action === 'Login')) {
        if (Date.now() - sent > 10_000) {
          throw new Error(`${key} ${action} never reached the other replica`);
        }
        await new Promise((done) => setTimeout(done, 5));
      }
      delays.push(Date.now() - sent);
    }
  }
  return delays.sort((a, b) => a - b);
};

/** Server-side assign-agent latency on one replica while the other two ingest at full speed. */
const measureAssignment = async (cluster: ReplicaCluster) => {
  const [answering, ...busy] = cluster.replicas;
  const before = await cluster.assignmentBuckets(answering);
  let session = 0;
  const [assign] = await Promise.all([
    load({
      url: cluster.callbackUrl(answering, 'ChatBot.OnAssignAgent'),
      durationSeconds: 5,
      connections: 10,
      rate: 300,
      body: () =>
        JSON.stringify({
          CallbackCommand: 'ChatBot.OnAssignAgent',
          SessionId: `a${++session}`,
          ClientUserId: `c${session % 97}`,
          EventTime: Date.now(),
        }),
    }),
    ingest(cluster, 5, busy),
  ]);
  const after = await cluster.assignmentBuckets(answering);
  return {
    answers: assign.total,
    p50Ms: bucketQuantileMs(before, after, 0.5),
    p99Ms: bucketQuantileMs(before, after, 0.99),
  };
};

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];

const main = async (): Promise<void> => {
  let server: PostgresServer | undefined;
  if (!process.env.TEST_DATABASE_URL) {
    server = await startPostgresServer();
    process.env.TEST_DATABASE_URL = server.url;
  }
  try {
    const single = await ReplicaCluster.start(1, OPERATORS, PORT);
    const one = await measureIngestion(single).finally(() => single.stop());
    const triple = await ReplicaCluster.start(3, OPERATORS, PORT + 10);
    try {
      const three = await measureIngestion(triple);
      const delays = await measurePropagation(triple);
      const assignment = await measureAssignment(triple);
      report({ one, three, delays, assignment });
    } finally {
      await triple.stop();
    }
  } finally {
    if (server) {
      await stopPostgresServer(server);
    }
  }
};

const report = (r: {
  one: IngestResult;
  three: IngestResult;
  delays: number[];
  assignment: { answers: number; p50Ms: number; p99Ms: number };
}): void => {
  const propagation = {
    p50Ms: quantile(r.delays, 0.5),
    p99Ms: quantile(r.delays, 0.99),
    maxMs: r.delays.at(-1),
    samples: r.delays.length,
  };
  const ratio = {
    acked: r.three.ackedPerSecond / r.one.ackedPerSecond,
    processed: r.three.processedPerSecond / r.one.processedPerSecond,
  };
  const rows = [
    [
      'propagation between replicas (Logout/Login → other replica’s answer)',
      `p50 ${propagation.p50Ms} ms`,
      `p99 ${propagation.p99Ms} ms`,
      `target p99 ≤ 1000 ms, ${propagation.samples} samples`,
    ],
    ...[r.one, r.three].map((x) => [
      `ingestion, ${x.replicas} replica(s), ${CONNECTIONS} connections`,
      `${x.ackedPerSecond.toFixed(0)} acked/s`,
      `${x.processedPerSecond.toFixed(0)} processed/s`,
      `${x.events} events, ${x.errors} errors, client p99 ${x.clientP99Ms} ms`,
    ]),
    [
      '3 replicas vs 1',
      `acked ×${ratio.acked.toFixed(2)}`,
      `processed ×${ratio.processed.toFixed(2)}`,
      `${cpus().length} CPUs for replicas, PostgreSQL and the load generator`,
    ],
    [
      'assign-agent server side, 300/s while 2 replicas ingest',
      `p50 ≤ ${r.assignment.p50Ms} ms`,
      `p99 ≤ ${r.assignment.p99Ms} ms`,
      `target p99 ≤ 5 ms, ${r.assignment.answers} answers`,
    ],
  ];
  const width = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  process.stdout.write(`${rows.map((row) => row.map((c, i) => c.padEnd(width[i])).join('  ')).join('\n')}\n`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    `bench/results/replicas-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    JSON.stringify(
      { cpus: cpus().length, operators: OPERATORS, seconds: SECONDS, ...r, propagation, ratio },
      null,
      2,
    ),
  );
};

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
