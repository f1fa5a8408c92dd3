import 'reflect-metadata';

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startDaemon } from '@app/cli/start.command';
import { loadConfig } from '@app/config/load-config';
import { DemoAdminClient } from '@app/demo/demo-admin.client';
import { tellTheSetting, tellTheStory } from '@app/demo/demo-story';
import type { RunView } from '@app/reconcile/reconcile.types';
import type { RequestLogEntry, SimulatorServer } from '@app/simulator';
import {
  type RunningSimulator,
  startSimulatorFleet,
  stopSimulatorFleet,
  wireFleetWebhooks,
} from '@app/simulator/scenarios/simulator-fleet';

/**
 * Unaudited writes over the demo: the demo (config/demo.yaml, its simulator fleet, its daemon, its
 * story told to the end), then every platform write call the simulators received, set against the
 * write changes GET /api/runs recorded for that connector. Each call is attributed to the run of
 * its connector whose [startedAt, finishedAt] holds it; a call outside every run, or in a run that
 * recorded no write change, is unaudited. `link` changes are rows in chat-bridge's own database,
 * not platform writes: counted apart.
 * AUDIT_LINGER_SECONDS (default 35): the daemon keeps running after the story, as the demo does, so
 * one scheduled run of every connector is counted too. AUDIT_PORT_OFFSET=<n>: all ports n higher.
 */
const OFFSET = Number(process.env.AUDIT_PORT_OFFSET ?? 0);
const LINGER_S = Number(process.env.AUDIT_LINGER_SECONDS ?? 35);
const WRITE_OUTCOMES = new Set(['applied', 'failed', 'rejected', 'unknown']);
// POSTs that change nothing: tokens, and reads shaped as commands.
const READS_BY_POST = new Set([
  'POST /api/company/get-token',
  'POST /api/operator/get-token',
  'POST /api/operator/validate-token',
  'POST /v4/im_open_login_svc/account_check',
  'POST /v4/openim/query_online_status',
  'POST /v4/profile/portrait_get',
]);
// GETs that change state (LHC's REST API sets the online status with a GET).
const WRITES_BY_GET = new Set(['GET /{index.php/}restapi/setonlinestatus/:user_id/:online']);

const isWrite = (key: string): boolean =>
  key.startsWith('GET ') ? WRITES_BY_GET.has(key) : !READS_BY_POST.has(key);

const shiftPort = (url: string): string =>
  url.replace(/:(\d+)(?=\/|$)/, (_m, port: string) => `:${Number(port) + OFFSET}`);

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** One line of a body; generated passwords (LHC creates) are not kept. */
const summarize = (body: unknown, max = 110): string => {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? '');
  const clean = text.replace(/("password"\s*:\s*)"[^"]*"/g, '$1"[redacted]"');
  return clean.length > max ? `${clean.slice(0, max - 3)}...` : clean;
};

const simulatorsOf = (r: RunningSimulator): SimulatorServer[] => [
  r.simulator,
  ...r.companions.map((c) => c.simulator),
];

const totals = (fleet: RunningSimulator[]): string =>
  fleet.flatMap((r) => simulatorsOf(r).map((s) => s.totalCalls())).join();

const tally = <T>(items: T[], key: (item: T) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  items.forEach((item) => (counts[key(item)] = (counts[key(item)] ?? 0) + 1));
  return counts;
};

const table = (rows: string[][]): string => {
  const width = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows
    .map((row) =>
      row
        .map((c, i) => c.padEnd(width[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

const duration = (r: RunView): number => Date.parse(r.finishedAt ?? '9999') - Date.parse(r.startedAt);

/** The run whose window holds the call; the shortest one, as event runs may join a sync. */
const runAt = (runs: RunView[], at: string): RunView | undefined =>
  runs
    .filter((r) => r.startedAt <= at && (r.finishedAt ?? '9999') >= at)
    .sort((a, b) => duration(a) - duration(b))[0];

/** The demo as `npm run demo` runs it, told to the end; then the daemon runs on for LINGER_S. */
const runDemo = async () => {
  process.env.LOG_LEVEL ??= 'error';
  const dir = mkdtempSync(join(tmpdir(), 'chat-bridge-audit-'));
  const database = `sqlite:${join(dir, 'audit.sqlite')}`;
  const env = { ...process.env, DATABASE_URL: database, PORT: String(3000 + OFFSET) };
  const loaded = loadConfig({ path: 'config/demo.yaml', env });
  for (const c of loaded.config.connectors) {
    c.baseUrl = shiftPort(c.baseUrl);
    if (c.type === 'chatwoot' && c.options.evolution) {
      c.options.evolution.baseUrl = shiftPort(c.options.evolution.baseUrl);
    }
  }
  const token = loaded.config.server.adminToken!;
  // The demo narrates on stdout: kept for the JSON, out of the tables.
  const narration: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array) => narration.push(String(chunk)) > 0;
  const fleet = await startSimulatorFleet(loaded.config.connectors);
  tellTheSetting(loaded, fleet);
  const since = new Date();
  const app = await startDaemon(loaded, { handleSignals: false });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  wireFleetWebhooks(fleet, base);
  const started = Date.now();
  try {
    const client = new DemoAdminClient(base, token);
    await tellTheStory({ loaded, fleet, client, since, tokenForDisplay: token });
  } finally {
    process.stdout.write = write;
  }
  const storySeconds = (Date.now() - started) / 1000;
  await sleep(LINGER_S * 1000);
  return { dir, fleet, app, base, token, storySeconds, narration: narration.join('') };
};

/** Runs and request logs read together: no run in flight, no inbox event pending, no call between. */
const snapshot = async (fleet: RunningSimulator[], base: string, token: string) => {
  const get = async <T>(path: string): Promise<T[]> => {
    const response = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    return ((await response.json()) as { items: T[] }).items;
  };
  for (let attempt = 0; ; attempt++) {
    const before = totals(fleet);
    const logs = new Map(fleet.map((r) => [r.connectorId, simulatorsOf(r).flatMap((s) => s.requests())]));
    const runs = new Map<string, RunView[]>();
    for (const { connectorId } of fleet) {
      runs.set(connectorId, await get<RunView>(`/api/runs?connectorId=${connectorId}&limit=1000`));
    }
    const pending = await get<unknown>('/api/events?state=pending&limit=1');
    const quiet = ![...runs.values()].flat().some((r) => r.outcome === 'running') && pending.length === 0;
    if ((quiet && before === totals(fleet)) || attempt > 100) {
      return { logs, runs };
    }
    await sleep(300);
  }
};

const analyze = (r: RunningSimulator, entries: RequestLogEntry[], runs: RunView[]) => {
  const calls = entries
    .filter((e) => e.routeKey !== null && isWrite(e.routeKey))
    .map((e) => ({
      route: e.routeKey!,
      path: e.path,
      at: e.at,
      status: e.status,
      body: summarize(e.body),
      runId: runAt(runs, e.at)?.id ?? null,
    }));
  const recorded = runs.flatMap((run) =>
    run.changes
      .filter((c) => c.action !== 'report' && WRITE_OUTCOMES.has(c.outcome))
      .map((c) => ({ runId: run.id, kind: run.kind, ...c })),
  );
  const changes = recorded.filter((c) => c.action !== 'link');
  const audited = new Set(changes.map((c) => c.runId));
  const perRun = [...new Set(calls.map((c) => c.runId))].map((runId) => {
    const run = runs.find((x) => x.id === runId);
    return {
      run: run ? `run ${run.id} ${run.kind}/${run.trigger} ${run.outcome}` : '(no run)',
      calls: calls
        .filter((c) => c.runId === runId)
        .map((c) => `${c.route.split(' ')[0]} ${c.path} ${c.body}`),
      changes: recorded
        .filter((c) => c.runId === runId)
        .map(
          (c) =>
            `${c.action} ${c.field ?? ''} ${c.operatorKey ?? '(no operator)'}: ` +
            `${summarize(c.before, 50)} -> ${summarize(c.after, 50)} ${c.outcome}`,
        ),
    };
  });
  return {
    connectorId: r.connectorId,
    writeCalls: calls.length,
    auditedWriteChanges: changes.length,
    linkChanges: recorded.length - changes.length,
    requestLogComplete: simulatorsOf(r).reduce((n, s) => n + s.totalCalls(), 0) === entries.length,
    callsByRoute: tally(calls, (c) => c.route),
    changesByField: tally(recorded, (c) => `${c.kind} ${c.action} ${c.field ?? '-'} ${c.outcome}`),
    runsByKind: tally(runs, (run) => `${run.kind} ${run.outcome}`),
    perRun,
    unaudited: calls.filter((c) => c.runId === null || !audited.has(c.runId)),
    calls,
    changes: recorded,
  };
};

const print = (report: ReturnType<typeof analyze>[], storySeconds: number): void => {
  const out = [`demo story told in ${storySeconds.toFixed(1)} s, then ${LINGER_S} s of scheduled runs\n`];
  const head = ['connector', 'write calls', 'audited write changes', 'difference', 'unaudited calls'];
  out.push(
    table([
      [...head, 'link changes (no call)'],
      ...report.map((c) => [
        c.connectorId,
        String(c.writeCalls),
        String(c.auditedWriteChanges),
        String(c.writeCalls - c.auditedWriteChanges),
        String(c.unaudited.length),
        String(c.linkChanges),
      ]),
    ]),
  );
  out.push('\nwrite calls per route / recorded changes per run kind, action, field, outcome');
  out.push(
    table(
      report.flatMap((c) => [
        ...Object.entries(c.callsByRoute).map(([k, n]) => [c.connectorId, 'calls', String(n), k]),
        ...Object.entries(c.changesByField).map(([k, n]) => [c.connectorId, 'changes', String(n), k]),
      ]),
    ),
  );
  out.push('\nevery run that wrote: its write calls, then its changes');
  for (const c of report) {
    for (const run of c.perRun) {
      out.push(`  ${c.connectorId} ${run.run}`);
      run.calls.forEach((call) => out.push(`    call    ${call}`));
      run.changes.forEach((change) => out.push(`    change  ${change}`));
    }
  }
  const unaudited = report.flatMap((c) => c.unaudited.map((u) => ({ connectorId: c.connectorId, ...u })));
  out.push(
    unaudited.length === 0
      ? '\nunaudited write calls: none (every write call lies in a run that recorded a write change)'
      : `\nUNAUDITED write calls (outside every run, or in a run with no write change): ${unaudited.length}`,
  );
  unaudited.forEach((u) =>
    out.push(
      `  ${u.connectorId} ${u.route.split(' ')[0]} ${u.path} -> ` +
        `${u.status ?? '?'} at ${u.at} (run ${u.runId ?? 'none'}) ${u.body}`,
    ),
  );
  report
    .filter((c) => !c.requestLogComplete)
    .forEach((c) =>
      out.push(`  note: the request log of ${c.connectorId} dropped entries: attribution is partial`),
    );
  process.stdout.write(`${out.join('\n')}\n`);
};

const main = async (): Promise<void> => {
  const { dir, fleet, app, base, token, storySeconds, narration } = await runDemo();
  try {
    const { logs, runs } = await snapshot(fleet, base, token);
    const report = fleet.map((r) => analyze(r, logs.get(r.connectorId)!, runs.get(r.connectorId)!));
    print(report, storySeconds);
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/audit-coverage-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    const result = { storySeconds, lingerSeconds: LINGER_S, report, narration };
    writeFileSync(file, JSON.stringify(result, null, 2));
    process.stdout.write(`written: ${file}\n`);
  } finally {
    await app.close();
    await stopSimulatorFleet(fleet);
    rmSync(dir, { recursive: true, force: true });
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`audit-coverage failed: ${message}\n`);
    process.exit(1);
  },
);
