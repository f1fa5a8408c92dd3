import 'reflect-metadata';

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { RunView } from '@app/reconcile/reconcile.types';
import {
  CHATWOOT_SIM_ROUTES,
  ChatwootSimulator,
  LhcWebhookSender,
  LiveHelperChatSimulator,
} from '@app/simulator';

/**
 * Worst availability push delay during a 10,000-operator sync. LHC is the availability source
 * (signed webhooks), Chatwoot the target (PATCH /agents/:id), `availability.propagate: all`. The
 * daemon (its own process, one SQLite file) first links 10 operators on both platforms; restarted
 * with 10,010, its Chatwoot start-up run creates 10,000 agents at `rateLimit`. Meanwhile the 10
 * are toggled online/offline in LHC every ROUND_MS; a push's delay runs from the webhook's 2xx to
 * the Chatwoot simulator receiving the PATCH that sets that state. Baselines: the same toggles with
 * no sync running, before (10 agents) and after it (10,010 agents in Chatwoot).
 * The 10,000 already exist in LHC (seeded), so LHC's start-up run links them rather than creating
 * 10,000 users beside the Chatwoot sync; toggling starts once that run is over.
 */
const env = process.env;
const RATE = Number(env.PUSH_RATE ?? 250);
const NEW = Number(env.PUSH_NEW_OPERATORS ?? 10_000);
const PORT = Number(env.PUSH_PORT ?? 3995);
const LINKED = 10;
const ROUND_MS = Number(env.PUSH_ROUND_MS ?? 2000);
const BASELINE_ROUNDS = Number(env.PUSH_BASELINE_ROUNDS ?? 10);
const SETTLE_TIMEOUT_MS = 10 * 60_000;
const ADMIN = 'push-bench-admin';
const LHC_KEY = 'push-bench-lhc-key';
const LHC_SECRET = 'push-bench-lhc-secret';
const CW_TOKEN = 'push-bench-chatwoot-token';
const MAIN = resolve(__dirname, '../src/main.js');
const base = `http://127.0.0.1:${PORT}`;

type Phase = 'baseline (10 agents)' | 'during sync' | 'baseline (after sync)';
interface Toggle {
  phase: Phase;
  round: number;
  agentId: number;
  target: 'online' | 'offline';
  sentAt: number;
  ackAt: number;
  status: number;
  delayMs?: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const email = (i: number) => `op${i}@example.com`;

const yaml = (dir: string, operators: number, lhcUrl: string, cwUrl: string): string => `
server: { adminToken: ${ADMIN} }
database: { url: "sqlite:${join(dir, 'push.sqlite')}" }
directory:
  roster:
${Array.from({ length: operators }, (_, i) => `    - { key: op${i}, name: Operator ${i}, email: ${email(i)} }`).join('\n')}
availability: { propagate: all }
connectors:
  - id: lhc
    type: livehelperchat
    baseUrl: ${lhcUrl}/index.php
    rateLimit: 1000
    schedule: 24h
    auth: { username: bridge, apiKey: ${LHC_KEY} }
    webhook: { secret: ${LHC_SECRET} }
    options: { departments: [1], userGroups: [1] }
  - id: chatwoot
    type: chatwoot
    baseUrl: ${cwUrl}
    rateLimit: ${RATE}
    schedule: 24h
    auth: { apiAccessToken: ${CW_TOKEN} }
    webhook: { secret: push-bench-chatwoot-secret }
    options: { accountId: 1 }
`;

const runs = async (query: string): Promise<RunView[]> => {
  const response = await fetch(`${base}/api/runs?${query}`, {
    headers: { Authorization: `Bearer ${ADMIN}` },
  });
  return ((await response.json()) as { items: RunView[] }).items;
};

/** The latest run of a connector begun after `since`, once `done` accepts it. */
const waitForRun = async (connectorId: string, since: number, done: (r: RunView) => boolean) => {
  for (let i = 0; i < 2400; i++) {
    const [run] = await runs(`connectorId=${connectorId}&kind=reconcile&limit=1`).catch(() => []);
    if (run && Date.parse(run.startedAt) >= since && done(run)) {
      return run;
    }
    await sleep(250);
  }
  throw new Error(`no ${connectorId} run as expected`);
};

const startDaemon = (dir: string, config: string, operators: number): ChildProcess => {
  const out = openSync(join(dir, `daemon-${operators}.log`), 'a');
  return spawn(process.execPath, [MAIN], {
    env: { ...env, BRIDGE_CONFIG: join(dir, config), PORT: String(PORT), LOG_LEVEL: 'warn' },
    stdio: ['ignore', out, out],
  });
};

const stopDaemon = async (child: ChildProcess): Promise<void> => {
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
};

const quantile = (sorted: number[], q: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

const main = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'chat-bridge-push-delay-'));
  const lhc = new LiveHelperChatSimulator();
  const chatwoot = new ChatwootSimulator({ adminToken: CW_TOKEN, requestLogLimit: 500_000 });
  await Promise.all([lhc.start(), chatwoot.start()]);
  lhc.seed({
    departments: [{ name: 'Support', autoAssign: true }],
    users: [
      { username: 'bridge', email: 'bridge@example.invalid', name: 'chat-bridge', allDepartments: true },
    ],
    apiKeys: [{ username: 'bridge', apiKey: LHC_KEY }],
  });
  const sender = new LhcWebhookSender({ url: `${base}/webhooks/lhc`, secret: LHC_SECRET });
  const configFor = (operators: number) => {
    writeFileSync(join(dir, `bridge-${operators}.yaml`), yaml(dir, operators, lhc.baseUrl, chatwoot.baseUrl));
    return `bridge-${operators}.yaml`;
  };
  const toggles: Toggle[] = [];
  let online = false;
  let rounds = 0;
  let ids: Array<{ lhcId: number; agentId: number }> = [];
  /** Every ROUND_MS, every linked operator flips in LHC and LHC's webhook tells the daemon. */
  const toggleAll = async (phase: Phase, more: () => Promise<boolean>): Promise<void> => {
    while (await more()) {
      online = !online;
      const round = ++rounds;
      const flips = ids.map(async ({ lhcId, agentId }) => {
        await lhc.operatorSetsOnline(lhcId, online); // LHC's own state; no webhook configured there
        const sentAt = Date.now();
        const reply = await sender.operatorStatusChanged({ userId: lhcId, hideOnline: online ? 0 : 1 });
        const target = online ? 'online' : 'offline';
        toggles.push({ phase, round, agentId, target, sentAt, ackAt: Date.now(), status: reply.status });
      });
      await Promise.all([...flips, sleep(ROUND_MS)]);
    }
  };
  const times = (n: number) => () => Promise.resolve(n-- > 0);

  // 1. Ten operators, linked on both platforms by the start-up runs; the first baseline.
  let since = Date.now();
  let daemon = startDaemon(dir, configFor(LINKED), LINKED);
  await waitForRun('lhc', since, (r) => r.outcome !== 'running');
  await waitForRun('chatwoot', since, (r) => r.outcome !== 'running');
  ids = Array.from({ length: LINKED }, (_, i) => ({
    lhcId: lhc.users().find((u) => u.email === email(i))!.id,
    agentId: chatwoot.agentByEmail(email(i))!.id,
  }));
  await toggleAll('baseline (10 agents)', times(BASELINE_ROUNDS));
  await sleep(ROUND_MS);
  await stopDaemon(daemon);

  // 2. 10,000 more: they exist in LHC already; the Chatwoot start-up run creates them.
  lhc.seed({
    users: Array.from({ length: NEW }, (_, k) => ({
      username: `op${LINKED + k}`,
      email: email(LINKED + k),
      name: 'Operator',
      surname: String(LINKED + k),
      departments: [1],
      userGroups: [1],
    })),
  });
  since = Date.now();
  daemon = startDaemon(dir, configFor(LINKED + NEW), LINKED + NEW);
  const lhcRun = await waitForRun('lhc', since, (r) => r.outcome !== 'running');
  await waitForRun('chatwoot', since, (r) => r.outcome === 'running'); // the sync is under way
  process.stdout.write(`LHC start-up run over; Chatwoot sync running: toggling every ${ROUND_MS} ms\n`);
  const syncRunning = async () =>
    (await runs('connectorId=chatwoot&kind=reconcile&limit=1'))[0].outcome === 'running';
  await toggleAll('during sync', syncRunning);
  const sync = await waitForRun('chatwoot', since, (r) => r.outcome !== 'running');
  await sleep(ROUND_MS);
  await toggleAll('baseline (after sync)', times(BASELINE_ROUNDS));

  await settle(toggles, chatwoot);
  await stopDaemon(daemon);
  await Promise.all([lhc.stop(), chatwoot.stop()]);
  report(toggles, sync, lhcRun);
  rmSync(dir, { recursive: true, force: true });
};

/** Each toggle's push: the first PATCH of its agent to its state sent after it (waits for the late). */
const settle = async (toggles: Toggle[], chatwoot: ChatwootSimulator): Promise<void> => {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  const ordered = [...toggles].sort((a, b) => a.sentAt - b.sentAt);
  for (;;) {
    const seen = chatwoot.requests(CHATWOOT_SIM_ROUTES.updateAgent).map((e) => ({
      agentId: Number(e.path.split('/').pop()),
      availability: (e.body as { availability?: string } | undefined)?.availability,
      at: Date.parse(e.at),
    }));
    const used = new Set<number>();
    for (const t of ordered) {
      const i = seen.findIndex(
        (p, j) => !used.has(j) && p.agentId === t.agentId && p.availability === t.target && p.at >= t.sentAt,
      );
      t.delayMs = i < 0 ? undefined : seen[i].at - t.ackAt;
      used.add(i); // -1 (not yet pushed) matches no index
    }
    if (toggles.every((t) => t.delayMs !== undefined) || Date.now() > deadline) {
      return;
    }
    await sleep(1000);
  }
};

const seconds = (run: RunView): number => (Date.parse(run.finishedAt!) - Date.parse(run.startedAt)) / 1000;

const report = (toggles: Toggle[], sync: RunView, lhcRun: RunView): void => {
  const phases: Phase[] = ['baseline (10 agents)', 'during sync', 'baseline (after sync)'];
  const rows = phases.map((phase) => {
    const of = toggles.filter((t) => t.phase === phase);
    const delays = of.flatMap((t) => (t.delayMs === undefined ? [] : [t.delayMs])).sort((a, b) => a - b);
    // The first push of each round waits for no other push (the inbox applies events one by one).
    const firsts = [...new Set(of.map((t) => t.round))]
      .map((r) =>
        Math.min(...of.filter((t) => t.round === r && t.delayMs !== undefined).map((t) => t.delayMs!)),
      )
      .sort((a, b) => a - b);
    const bad = of.filter((t) => t.status < 200 || t.status >= 300).length;
    const q = (p: number) => quantile(delays, p);
    return {
      phase,
      webhooks: of.length,
      non2xx: bad,
      pushed: delays.length,
      p50Ms: q(0.5),
      p99Ms: q(0.99),
      maxMs: delays.at(-1) ?? Number.NaN,
      firstOfRoundP50Ms: quantile(firsts, 0.5),
    };
  });
  const cells = [
    ['phase', 'webhooks', 'non-2xx', 'pushes seen', 'p50 ms', 'p99 ms', 'max ms', 'p50 first of round'],
    ...rows.map((r) => Object.values(r).map(String)),
  ];
  const width = cells[0].map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const lines = cells.map((row) => row.map((c, i) => c.padEnd(width[i])).join('  '));
  lines.push(
    `Chatwoot sync (run ${sync.id}, ${sync.outcome}): ${sync.counts.applied} of ${NEW} creates applied in ` +
      `${seconds(sync).toFixed(1)} s at rateLimit ${RATE}/s (floor ${(NEW / RATE).toFixed(1)} s); ` +
      `LHC start-up run (links only) ${lhcRun.outcome} in ${seconds(lhcRun).toFixed(1)} s`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/push-delay-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  const settings = { rate: RATE, newOperators: NEW, roundMs: ROUND_MS, syncSeconds: seconds(sync) };
  const run = { ...sync, changes: undefined };
  writeFileSync(file, JSON.stringify({ ...settings, sync: run, rows, toggles }, null, 2));
  process.stdout.write(`written: ${file}\n`);
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`push-delay failed: ${message}\n`);
    process.exit(1);
  },
);
