import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DaemonProcess, freePort, runCli, tempDir, waitFor, writeConfig } from './daemon-process';
import { ALL, CONFIGURED, DESCRIPTION, ENV, type SecretKey } from './secret-echo.fixtures';
import { CONNECTOR_IDS, EchoPlatforms } from './secret-echo.platforms';
import type { Secret, Sink } from './secret-leaks';

export type Run = {
  id: number;
  connectorId: string;
  trigger: string;
  outcome: string;
  error: string | null;
  changes: Array<{ operatorKey: string | null; action: string; outcome: string; error: string | null }>;
};

export const changeErrors = (run: Run): string[] =>
  run.changes.map((c) => c.error).filter((e): e is string => typeof e === 'string' && e !== '');

/**
 * The built daemon against the echoing platforms, and everything a user or an attacker got to
 * read from it (admin API, public routes, webhook answers, CLI output), in the order they read it.
 */
export class SecretEchoBridge {
  readonly dir = tempDir();
  readonly dbPath = join(this.dir, 'bridge.sqlite');
  readonly platforms = new EchoPlatforms();
  readonly readable: Sink[] = [];
  daemon!: DaemonProcess;
  private config!: string;

  get proxies() {
    return this.platforms.proxies;
  }

  /** Started, with the five start-up runs finished (their creates fail: the platforms echo). */
  async start(): Promise<void> {
    await this.platforms.start();
    this.platforms.armCreateFaults();
    this.config = writeConfig(this.dir, this.platforms.bridgeYaml(this.dbPath));
    this.daemon = new DaemonProcess(await freePort(), { BRIDGE_CONFIG: this.config, ...ENV });
    await this.daemon.start();
    await waitFor(
      async () => {
        const { body } = await this.api<{ items: Run[] }>('GET', '/api/runs?limit=100');
        const done = body.items.filter((r) => r.trigger === 'startup' && r.outcome !== 'running');
        return done.length === CONNECTOR_IDS.length ? done : undefined;
      },
      'the five start-up runs',
      30_000,
    );
  }

  async stop(): Promise<void> {
    await this.daemon?.stop();
    await this.platforms.stop();
  }

  async api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.daemon.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${CONFIGURED.admin}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    this.readable.push({ where: `${method} ${path} (HTTP ${response.status})`, text });
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async publicGet(path: string): Promise<string> {
    const response = await fetch(`${this.daemon.url}${path}`);
    const text = await response.text();
    this.readable.push({ where: `GET ${path} (HTTP ${response.status})`, text });
    return text;
  }

  /** A webhook delivery; the answer goes to whoever sent it, so it is readable too. */
  async webhook(
    label: string,
    path: string,
    body: string,
    headers: Record<string, string> = {},
  ): Promise<number> {
    const response = await fetch(`${this.daemon.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    this.readable.push({
      where: `webhook ${label} answer (HTTP ${response.status})`,
      text: await response.text(),
    });
    return response.status;
  }

  async cli(args: string[]): Promise<{ code: number | null; output: string }> {
    const { code, stdout, stderr } = await runCli([...args, '--config', this.config], ENV);
    this.readable.push({ where: `chat-bridge ${args.join(' ')} stdout`, text: stdout });
    this.readable.push({ where: `chat-bridge ${args.join(' ')} stderr`, text: stderr });
    return { code, output: stdout + stderr };
  }

  settledInbox() {
    return waitFor(async () => {
      const { body } = await this.api<{ items: Array<{ state: string }> }>('GET', '/api/events?limit=1000');
      return body.items.length > 0 && body.items.every((e) => e.state === 'done' || e.state === 'dead')
        ? body.items
        : undefined;
    }, 'the webhook inbox to drain');
  }

  databaseFiles(): Sink[] {
    return ['', '-wal', '-shm', '-journal']
      .map((suffix) => `${this.dbPath}${suffix}`)
      .filter((path) => existsSync(path))
      .map((path) => ({
        where: path.slice(this.dir.length + 1),
        text: readFileSync(path).toString('latin1'),
      }));
  }

  /** Configured secrets, the one Evolution hands out, and every credential the proxies saw. */
  secrets(): Secret[] {
    const found = new Map<string, string>();
    for (const key of Object.keys(ALL) as SecretKey[]) {
      found.set(ALL[key], DESCRIPTION[key]);
    }
    for (const proxy of Object.values(this.proxies)) {
      for (const [value, label] of proxy.seen) {
        if (!found.has(value)) {
          found.set(value, `${label} (runtime)`);
        }
      }
    }
    return [...found].map(([value, label]) => ({ value, label }));
  }

  /** Secrets whose every piece is secret: configured ones, generated passwords, JWT signatures. */
  fragmentable(): Secret[] {
    return [
      ...(Object.keys(ALL) as SecretKey[]).map((key) => ({ value: ALL[key], label: DESCRIPTION[key] })),
      ...[...this.proxies.lhc.seen]
        .filter(([, label]) => label.includes('password'))
        .map(([value, label]) => ({ value, label })),
      ...[...this.proxies.chathubLogin.seen]
        .filter(([value, label]) => label.includes('get-token') && value.split('.').length === 3)
        .map(([value, label]) => ({ value: value.split('.')[2], label: `${label}, its signature` })),
    ];
  }
}
