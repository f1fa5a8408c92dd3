import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver got it: the raw body is what a signature is checked against. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status the receiver answered. */
  status: number;
}

/**
 * A loopback HTTP endpoint standing in for an alert receiver (an ops webhook, a Slack incoming
 * webhook). It answers 200 unless statuses were queued with `answerNext`; it records every request.
 */
export class AlertReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly queued: number[] = [];
  private server?: Server;

  /** The next requests get these statuses, in order; then 200 again. */
  answerNext(...statuses: number[]): void {
    this.queued.push(...statuses);
  }

  /** The requests the receiver accepted (2xx). */
  get accepted(): ReceivedRequest[] {
    return this.requests.filter((request) => request.status < 300);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const status = this.queued.shift() ?? 200;
        this.requests.push({
          path: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          status,
        });
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
      });
    });
    await new Promise<void>((done) => this.server?.listen(0, '127.0.0.1', done));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
  }
}
