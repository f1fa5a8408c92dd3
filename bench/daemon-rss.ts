import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { ChatHubSimulator } from '@app/simulator';

const MAIN = resolve(__dirname, '../src/main.js');

/** Peak resident memory (VmHWM) of a process, in MB, from /proc. */
const peakRssMb = (pid: number): number => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
};

const get = async (url: string, token?: string): Promise<unknown> => {
  const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return response.json();
};

/**
 * The daemon alone, as `chat-bridge start` runs it, in its own process: a first sync and a quiet
 * run of `operators` ChatHub operators, then its peak RSS.
 */
export const daemonPeakRss = async (operators: number, port: number): Promise<number> => {
  const simulator = new ChatHubSimulator({ companyKeys: ['bench'] });
  simulator.seed({ organizations: [{ id: 24, name: 'Bench' }] });
  await simulator.start();
  const dir = mkdtempSync(join(tmpdir(), 'chat-bridge-rss-'));
  const roster = Array.from(
    { length: operators },
    (_, i) => `    - { key: op${i}, name: Operator ${i}, email: op${i}@example.com }`,
  );
  writeFileSync(
    join(dir, 'bridge.yaml'),
    `server: { adminToken: rss-token }\ndatabase: { url: "sqlite:${join(dir, 'rss.sqlite')}" }\ndirectory:\n  roster:\n${roster.join('\n')}\nconnectors:\n  - { id: chathub, type: smsbat-chathub, baseUrl: "${simulator.baseUrl}", rateLimit: 1000, schedule: 24h, auth: { companyToken: bench }, options: { organizationId: 24 } }\n`,
  );
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, BRIDGE_CONFIG: join(dir, 'bridge.yaml'), PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 1200; i++) {
      const runs = (await get(`${base}/api/runs?limit=5`, 'rss-token').catch(() => ({ items: [] }))) as {
        items: Array<{ outcome: string }>;
      };
      if (runs.items.some((run) => run.outcome === 'ok')) {
        break;
      }
      await new Promise((done) => setTimeout(done, 250));
    }
    await fetch(`${base}/api/connectors/chathub/reconcile`, {
      method: 'POST',
      headers: { Authorization: 'Bearer rss-token', 'content-type': 'application/json' },
      body: '{}',
    });
    await get(`${base}/api/operators`, 'rss-token');
    return peakRssMb(child.pid!);
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    await simulator.stop();
  }
};
