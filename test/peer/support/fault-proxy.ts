import {
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer,
  request as httpRequest,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export type ProxyFault =
  { kind: 'server-error' | 'disconnect-after' | 'rate-limit' | 'garbage' } | { kind: 'latency'; ms: number };

interface Armed {
  fault: ProxyFault;
  left: number;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

const readAll = (stream: IncomingMessage): Promise<Buffer> =>
  new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => done(Buffer.concat(chunks)));
    stream.once('error', fail);
  });

/**
 * A loopback proxy in front of the real LHC that does to chosen routes what the contract suite's
 * simulators do: a 500 or a dropped connection after LHC applied the request, a 429 or a garbage
 * page instead of it, or a delay before it. It counts the requests of each route still in flight.
 */
export class FaultProxy {
  private server?: Server;
  private readonly armed = new Map<string, Armed[]>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly target: string,
    /** Route name of a request (`METHOD /path`), or undefined for routes no fault names. */
    private readonly routeOf: (method: string, path: string) => string | undefined,
  ) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
    }
  }

  /** The next `times` requests of the route meet this fault. */
  inject(route: string, fault: ProxyFault, times: number): void {
    this.armed.set(route, [...(this.armed.get(route) ?? []), { fault, left: times }]);
  }

  pending(route: string): number {
    return this.inFlight.get(route) ?? 0;
  }

  private take(route: string | undefined): ProxyFault | undefined {
    const queue = route === undefined ? undefined : this.armed.get(route);
    const next = queue?.find((a) => a.left > 0);
    if (next) {
      next.left -= 1;
    }
    return next?.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = this.routeOf(req.method ?? 'GET', new URL(req.url ?? '/', 'http://proxy').pathname);
    const body = await readAll(req);
    const fault = this.take(route);
    const key = route ?? '';
    this.inFlight.set(key, this.pending(key) + 1);
    try {
      if (fault?.kind === 'rate-limit') {
        res.writeHead(429, { 'retry-after': '0' }).end();
        return;
      }
      if (fault?.kind === 'garbage') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
        return;
      }
      if (fault?.kind === 'latency') {
        await sleep(fault.ms);
      }
      const answer = await this.forward(req, body);
      if (fault?.kind === 'server-error') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
      } else if (fault?.kind === 'disconnect-after') {
        res.destroy();
      } else if (!res.destroyed) {
        res.writeHead(answer.status, answer.headers).end(answer.body);
      }
    } finally {
      this.inFlight.set(key, this.pending(key) - 1);
    }
  }

  private forward(
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const target = new URL(this.target);
    return new Promise((done, fail) => {
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: {
            ...Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name))),
            host: target.host,
            'content-length': String(body.length),
          },
        },
        (answer) => {
          readAll(answer).then(
            (data) =>
              done({
                status: answer.statusCode ?? 502,
                headers: { 'content-type': answer.headers['content-type'] ?? 'application/json' },
                body: data,
              }),
            fail,
          );
        },
      );
      upstream.once('error', fail);
      upstream.end(body);
    });
  }
}
