import 'reflect-metadata';

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfig } from '@app/config/load-config';
import { MetricsService } from '@app/metrics/metrics.service';
import { computeCallbackSign } from '@app/platforms/tencent-chat/tencent-callback-sign';
import { TencentChatSimulator } from '@app/simulator';

import { startBenchApp } from './bench-app';
import { type LoadResult, load } from './load';
import { histogramQuantileMs } from './quantile';
import { daemonPeakRss } from './daemon-rss';
import { type NaiveResult, type ReconcileRow, measureSync, naiveChatHubSync } from './reconcile-bench';

const OPERATORS = 1000;
const SDK_APP_ID = 1400000009;
const SECRET = 'bench-secret-key-0123456789';
const TOKEN = 'bench-callback-token';
const PORT = Number(process.env.BENCH_PORT ?? 3990);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RECONCILE_OPERATORS = Number(process.env.BENCH_OPERATORS ?? 10_000);
const CHATHUB_RATE = 5; // SMSBat's sample code pace, the connector's default
const TENCENT_RATE = 1000;
const NAIVE_RATE = 1000;

const yaml = (dir: string, simulatorUrl: string): string => `
server: { port: ${PORT}, adminToken: bench-admin-token }
database: { url: "sqlite:${join(dir, 'bench.sqlite')}" }
directory:
  roster:
${Array.from({ length: OPERATORS }, (_, i) => `    - { key: op${i}, name: Operator ${i}, email: op${i}@example.com }`).join('\n')}
connectors:
  - id: tencent
    type: tencent-chat
    baseUrl: ${simulatorUrl}
    rateLimit: 1000
    schedule: 24h
    auth: { sdkAppId: ${SDK_APP_ID}, identifier: administrator, secretKey: ${SECRET} }
    webhook: { token: ${TOKEN} }
    options: { assignment: { strategy: least-busy, maxAgents: 3 } }
`;

const callbackPath = (command: string): string => {
  const time = String(Math.floor(Date.now() / 1000));
  const sign = computeCallbackSign(TOKEN, time);
  return `/webhooks/tencent?SdkAppid=${SDK_APP_ID}&CallbackCommand=${command}&contenttype=json&Sign=${sign}&RequestTime=${time}`;
};

const waitForStartupRun = async (base: string): Promise<void> => {
  for (let i = 0; i < 600; i++) {
    const response = await fetch(`${base}/api/runs?connectorId=tencent`, {
      headers: { Authorization: 'Bearer bench-admin-token' },
    });
    const body = (await response.json()) as { items: Array<{ outcome: string }> };
    if (body.items.some((r) => r.outcome === 'ok')) {
      return;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error('the start-up run did not finish');
};

/** The processor catches up with the ingestion phase, so it does not disturb the next one. */
const drainInbox = async (base: string): Promise<void> => {
  for (let i = 0; i < 1200; i++) {
    const response = await fetch(`${base}/api/events?state=pending&limit=1`, {
      headers: { Authorization: 'Bearer bench-admin-token' },
    });
    if (((await response.json()) as { items: unknown[] }).items.length === 0) {
      return;
    }
    await new Promise((done) => setTimeout(done, 250));
  }
};

const main = async (): Promise<void> => {
  const simulator = new TencentChatSimulator({ sdkAppId: SDK_APP_ID, secretKey: SECRET });
  await simulator.start();
  const dir = mkdtempSync(join(tmpdir(), 'chat-bridge-bench-'));
  writeFileSync(join(dir, 'bridge.yaml'), yaml(dir, simulator.baseUrl));
  const loaded = loadConfig({ path: join(dir, 'bridge.yaml'), env: {} });
  const app = await startBenchApp(loaded, PORT);
  const base = `http://127.0.0.1:${PORT}`;
  try {
    await waitForStartupRun(base);
    let eventTime = Date.now();
    const stateChange = (userId: string, action: string) =>
      JSON.stringify({
        CallbackCommand: 'State.StateChange',
        EventTime: ++eventTime,
        Info: { Action: action, To_Account: userId, Reason: 'Register' },
      });
    // Everyone logs in through real signed callbacks, so the assign path sees 1,000 online agents.
    for (let i = 0; i < OPERATORS; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          fetch(`${base}${callbackPath('State.StateChange')}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: stateChange(`op${i + j}`, 'Login'),
          }),
        ),
      );
    }
    await new Promise((done) => setTimeout(done, 3000));

    let n = 0;
    const bare = await load({
      url: `${base}/bench/bare`,
      durationSeconds: SECONDS,
      connections: 10,
      body: () => stateChange(`op${n++ % OPERATORS}`, 'Login'),
    });
    const ingest = await load({
      url: `${base}${callbackPath('State.StateChange')}`,
      durationSeconds: Math.min(SECONDS, 50),
      connections: 10,
      body: () => stateChange(`op${n++ % OPERATORS}`, n % 2 ? 'Login' : 'Logout'),
    });
    await drainInbox(base);
    const metrics = app.get(MetricsService);
    metrics.assignmentLatency.reset();
    let session = 0;
    const assign = await load({
      url: `${base}${callbackPath('ChatBot.OnAssignAgent')}`,
      durationSeconds: SECONDS,
      connections: 20,
      rate: 500,
      body: () =>
        JSON.stringify({
          CallbackCommand: 'ChatBot.OnAssignAgent',
          SessionId: `s${++session}`,
          ClientUserId: `c${session % 97}`,
          EventTime: Date.now(),
        }),
    });
    const serverP50 = await histogramQuantileMs(metrics.assignmentLatency, 0.5);
    const serverP99 = await histogramQuantileMs(metrics.assignmentLatency, 0.99);
    await app.close();
    await simulator.stop();
    // (c) at ChatHub's documented pace and at a Tencent quota the simulator grants; (d) both ways
    // side by side at one fast pace, so the comparison is about calls, not the limiter.
    const rows = [
      await measureSync('chathub', RECONCILE_OPERATORS, CHATHUB_RATE),
      await measureSync('tencent', RECONCILE_OPERATORS, TENCENT_RATE),
    ];
    const fastBridge = await measureSync('chathub', RECONCILE_OPERATORS, NAIVE_RATE);
    const naive = await naiveChatHubSync(RECONCILE_OPERATORS, NAIVE_RATE);
    const daemonRssMb = await daemonPeakRss(RECONCILE_OPERATORS, PORT + 1);
    report({
      bare,
      ingest,
      assign,
      serverP50,
      serverP99,
      rows,
      fastBridge,
      naive,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      daemonRssMb,
    });
  } catch (error) {
    await app.close().catch(() => undefined);
    await simulator.stop().catch(() => undefined);
    throw error;
  }
};

interface BenchReport {
  bare: LoadResult;
  ingest: LoadResult;
  assign: LoadResult;
  serverP50: number;
  serverP99: number;
  rows: ReconcileRow[];
  fastBridge: ReconcileRow;
  naive: NaiveResult;
  peakRssMb: number;
  daemonRssMb: number;
}

const report = (r: BenchReport): void => {
  const chathub = r.fastBridge;
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const rows = [
    [
      'bare NestJS route (baseline)',
      `${r.bare.requestsPerSecond.toFixed(0)} req/s`,
      `p99 ${r.bare.p99Ms} ms`,
      '',
    ],
    [
      'webhook ingestion (verify+store+ack)',
      `${r.ingest.requestsPerSecond.toFixed(0)} req/s`,
      `p99 ${r.ingest.p99Ms} ms`,
      `ratio ${ratio(r.ingest.requestsPerSecond, r.bare.requestsPerSecond)} (target ≥ 0.50)`,
    ],
    [
      'assign-agent @500 req/s, 1,000 operators (client)',
      `p50 ${r.assign.p50Ms} ms`,
      `p99 ${r.assign.p99Ms} ms`,
      `${r.assign.total} answers, ${r.assign.non2xx + r.assign.errors} errors`,
    ],
    [
      'assign-agent server side (histogram bucket)',
      `p50 ≤ ${r.serverP50} ms`,
      `p99 ≤ ${r.serverP99} ms`,
      'target p99 ≤ 5 ms',
    ],
    ...r.rows.flatMap((row) => [
      [
        `first sync, ${row.operators} operators, ${row.platform} @${row.rate}/s`,
        `${row.firstRunSeconds.toFixed(1)} s vs floor ${row.floorSeconds.toFixed(1)} s`,
        `time ratio ${ratio(row.firstRunSeconds, row.floorSeconds)} (≤ 1.2)`,
        `calls ${row.calls} vs min ${row.minimumCalls}: ${(row.calls / row.minimumCalls).toFixed(3)} (≤ 1.05)`,
      ],
      [
        `no-change run, ${row.platform}`,
        `${row.quietRunWrites} writes (0)`,
        `CPU ${row.quietRunCpuSeconds.toFixed(2)} s (≤ 2)`,
        '',
      ],
    ]),
    [
      `ChatHub sample-code sync (a call per name) @${NAIVE_RATE}/s`,
      `${r.naive.calls} calls in ${r.naive.seconds.toFixed(1)} s`,
      `chat-bridge: ${chathub.calls} calls in ${chathub.firstRunSeconds.toFixed(1)} s`,
      `${(r.naive.calls / chathub.calls).toFixed(0)}× fewer calls, ${(r.naive.seconds / chathub.firstRunSeconds).toFixed(1)}× faster`,
    ],
    [
      `peak RSS of the daemon alone (child process, ${RECONCILE_OPERATORS} operators, two runs)`,
      `${r.daemonRssMb.toFixed(0)} MB`,
      '(≤ 250 MB)',
      `whole bench process: ${r.peakRssMb.toFixed(0)} MB`,
    ],
  ];
  const width = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  process.stdout.write(`${rows.map((row) => row.map((c, i) => c.padEnd(width[i])).join('  ')).join('\n')}\n`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    `bench/results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    JSON.stringify(r, null, 2),
  );
};

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
