import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const MAIN = join(resolve(__dirname, '../../..'), 'dist/src/main.js');

/**
 * One replica of the built daemon as a child process. Unlike DaemonProcess it exposes its pid
 * and takes any signal: a test freezes a replica (SIGSTOP) or kills it (SIGKILL) and then looks
 * for its pid in what it left in the database.
 */
export class ReplicaProcess {
  private child?: ChildProcess;
  private output = '';
  private exited?: Promise<void>;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly main = MAIN,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    if (this.child?.pid === undefined) {
      throw new Error('the replica has not started');
    }
    return this.child.pid;
  }

  get logs(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(timeoutMs = 30_000): Promise<void> {
    this.child = spawn(process.execPath, [this.main], {
      env: { ...process.env, LOG_LEVEL: 'info', ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const child = this.child;
    this.exited = new Promise((done) => child.once('exit', () => done()));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(`replica exited with ${child.exitCode ?? child.signalCode}:\n${this.output}`);
      }
      if (
        await fetch(`${this.url}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )
      ) {
        return;
      }
      await new Promise((done) => setTimeout(done, 50));
    }
    throw new Error(`replica not ready after ${timeoutMs} ms:\n${this.output}`);
  }

  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** SIGTERM (graceful) by default; resolves once the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.running) {
      if (signal !== 'SIGKILL') {
        this.child?.kill('SIGCONT'); // a frozen replica cannot act on SIGTERM
      }
      this.child?.kill(signal);
    }
    await this.exited;
  }
}
