import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { freePort, tempDir } from '../../e2e/support/daemon-process';

const ROOT = resolve(__dirname, '../../..');
const DEMO = join(ROOT, 'dist/src/demo/demo.js');

/**
 * `npm run demo` as a fresh clone runs it (the built dist/src/demo/demo.js), on free ports and a
 * database of its own: config/demo.yaml with every loopback port moved, so it runs beside anything.
 */
export class DemoProcess {
  private child?: ChildProcess;
  private output = '';
  readonly dir = tempDir();
  readonly token = 'browser-demo-admin-token';
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get sqlitePath(): string {
    return join(this.dir, 'demo.sqlite');
  }

  get stdout(): string {
    return this.output;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    let yaml = readFileSync(join(ROOT, 'config/demo.yaml'), 'utf8').replace(
      'sqlite:./data/demo.sqlite',
      `sqlite:${this.sqlitePath}`,
    );
    for (const port of new Set([...yaml.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => m[1]))) {
      yaml = yaml.replaceAll(`127.0.0.1:${port}`, `127.0.0.1:${await freePort()}`);
    }
    const config = join(this.dir, 'demo.yaml');
    writeFileSync(config, yaml);
    this.child = spawn(process.execPath, [DEMO], {
      cwd: this.dir,
      env: {
        ...process.env,
        BRIDGE_CONFIG: config,
        BRIDGE_ADMIN_TOKEN: this.token,
        PORT: String(this.port),
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Resolves once the demo printed `text` (its story is told line by line). */
  async printed(text: string | RegExp, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const seen = () => (typeof text === 'string' ? this.output.includes(text) : text.test(this.output));
    while (!seen()) {
      if (this.child?.exitCode !== null) {
        throw new Error(`the demo exited with ${this.child?.exitCode}:\n${this.output}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`the demo did not print ${String(text)} within ${timeoutMs} ms:\n${this.output}`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) {
      return;
    }
    const exited = new Promise((done) => this.child?.once('exit', done));
    this.child.kill('SIGINT');
    await exited;
  }
}
