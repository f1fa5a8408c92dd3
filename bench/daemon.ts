import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { cpuSeconds, freePort, memoryMb, waitFor } from './processes';

const MAIN = resolve(__dirname, '../src/main.js');
export const ADMIN_TOKEN = 'bench-admin-token';

export interface RunSummary {
  id: number;
  connectorId: string;
  trigger: string;
  outcome: string;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  error: string | null;
}

/**
 * The built daemon as users run it (`node dist/src/main.js`, configured by BRIDGE_CONFIG), in a
 * process of its own; its log goes to a file in its directory (shown when something fails).
 */
export class BenchDaemon {
  readonly dir = mkdtempSync(join(tmpdir(), 'chat-bridge-bench-'));
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private port = 0;

  /** `yaml(dir)` is the bridge.yaml; `dir` holds the SQLite file when the config uses one. */
  constructor(private readonly yaml: (dir: string) => string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child!.pid!;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    const config = join(this.dir, 'bridge.yaml');
    writeFileSync(config, this.yaml(this.dir));
    const log = openSync(join(this.dir, 'daemon.log'), 'a');
    this.child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, BRIDGE_CONFIG: config, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.exited = new Promise((done) => this.child!.once('exit', () => done()));
    await waitFor(
      async () => {
        if (this.child!.exitCode !== null) {
          throw new Error(`the daemon exited with ${this.child!.exitCode}:\n${this.logTail()}`);
        }
        return (await fetch(`${this.url}/health/ready`)).ok ? true : undefined;
      },
      'the daemon to be ready',
      120_000,
      100,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${this.logTail()}`);
    });
  }

  /** SIGTERM (SIGKILL after 20 s), then its directory (database, log) is removed. */
  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      const grace = setTimeout(() => this.child?.kill('SIGKILL'), 20_000);
      await this.exited;
      clearTimeout(grace);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  cpuSeconds(): number {
    return cpuSeconds(this.pid);
  }

  rssMb(): number {
    return memoryMb(this.pid, 'VmRSS');
  }

  peakRssMb(): number {
    return memoryMb(this.pid, 'VmHWM');
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(join(this.dir, 'daemon.log'), 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no daemon log)';
    }
  }

  async api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!response.ok) {
      throw new Error(
        `${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`,
      );
    }
    return (await response.json()) as T;
  }

  /** The connector's runs, newest first, without their change lists. */
  async runs(connectorId: string): Promise<RunSummary[]> {
    const page = await this.api<{ items: RunSummary[] }>(
      `/api/runs?connectorId=${encodeURIComponent(connectorId)}&limit=5&changes=false`,
    );
    return page.items;
  }

  /** Waits (polling once a second, so the wait costs the daemon next to nothing) for the start-up run. */
  async startupRun(connectorId: string, timeoutMs: number): Promise<RunSummary> {
    return waitFor(
      async () => {
        const run = (await this.runs(connectorId)).find((r) => r.trigger === 'startup');
        return run && run.outcome !== 'running' ? run : undefined;
      },
      `the start-up run of ${connectorId}`,
      timeoutMs,
      1000,
    );
  }

  async pendingEvents(): Promise<number> {
    const page = await this.api<{ items: unknown[] }>('/api/events?state=pending&limit=1');
    return page.items.length;
  }

  async metrics(): Promise<string> {
    return (
      await fetch(`${this.url}/metrics`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).text();
  }
}
