import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
export const CLI = join(ROOT, 'bin/chat-bridge.js');
const MAIN = join(ROOT, 'dist/src/main.js');

export const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'chat-bridge-e2e-'));

export const writeConfig = (dir: string, yaml: string): string => {
  const path = join(dir, 'bridge.yaml');
  writeFileSync(path, yaml);
  return path;
};

/** The built daemon as a child process, with its output kept for assertions. */
export class DaemonProcess {
  private child?: ChildProcess;
  private output = '';
  private exited?: Promise<number | null>;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.output;
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, LOG_LEVEL: 'debug', ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => this.child?.once('exit', (code) => done(code)));
    await this.waitUntilReady();
  }

  /** SIGTERM (graceful) by default; SIGKILL to simulate a crash. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) {
      return this.child?.exitCode ?? null;
    }
    this.child.kill(signal);
    return (await this.exited) ?? null;
  }

  private async waitUntilReady(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null) {
        throw new Error(`daemon exited with ${this.child?.exitCode}:\n${this.output}`);
      }
      try {
        const response = await fetch(`${this.url}/health/ready`);
        if (response.ok) {
          return;
        }
      } catch {
        // not listening yet
      }
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`daemon not ready after ${timeoutMs} ms:\n${this.output}`);
  }
}

/** Runs the CLI to completion and returns its exit code and output. */
export const runCli = (
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A command that should exit but does not is a failure, not a hung test run.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });

export const waitFor = async <T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};
