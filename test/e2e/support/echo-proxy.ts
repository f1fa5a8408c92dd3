import {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer,
  request as httpRequest,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** Put this in a fault's body: the proxy replaces it with the credentials of the request it answers. */
export const ECHO_REQUEST = '@@ECHO_REQUEST@@';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

const readAll = (stream: IncomingMessage): Promise<Buffer> =>
  new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => done(Buffer.concat(chunks)));
    stream.once('error', fail);
  });

const one = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/**
 * A loopback proxy in front of a simulator that makes the platform "echo back what it was sent":
 * in an answer carrying {@link ECHO_REQUEST}, the marker becomes the request's own credentials
 * (Authorization, api_access_token, apikey, the `usersig` query parameter) and its raw body. It
 * also records every credential it sees, and the tokens a get-token call hands out, so a test can
 * look for the secrets the daemon only obtains at run time.
 */
export class EchoProxy {
  /** Credential value → what it is. */
  readonly seen = new Map<string, string>();
  private server?: Server;
  private address?: string;

  constructor(
    private readonly name: string,
    private readonly target: () => string,
  ) {}

  get url(): string {
    if (!this.address) {
      throw new Error(`proxy ${this.name} is not started`);
    }
    return this.address;
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(`proxy ${this.name}: ${String(error)}`);
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    this.server = server;
    this.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.address;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) {
      return;
    }
    this.server = undefined;
    const closed = new Promise<void>((done) => server.close(() => done()));
    server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const credentials = this.credentialsOf(req, body);
    const target = new URL(this.target());
    const answer = await new Promise<IncomingMessage>((done, fail) => {
      const headers: IncomingHttpHeaders = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (!HOP_BY_HOP.has(name)) {
          headers[name] = value;
        }
      }
      const forward = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...headers, host: target.host, 'content-length': String(body.length) },
        },
        done,
      );
      forward.once('error', fail);
      forward.end(body);
    });
    let payload = (await readAll(answer)).toString('utf8');
    const status = answer.statusCode ?? 502;
    if (status === 200 && /\/get-token$/.test(new URL(req.url ?? '/', 'http://x').pathname)) {
      this.recordIssuedToken(payload);
    }
    const contentType = one(answer.headers['content-type']) ?? '';
    if (payload.includes(ECHO_REQUEST)) {
      const echo = [
        ...credentials.map(([label, value]) => `${label}=${value}`),
        `body=${body.toString('utf8')}`,
      ].join(' ');
      // Inside a JSON string the echo must stay valid JSON, as a platform's serializer would keep it.
      const replacement = contentType.includes('json') ? JSON.stringify(echo).slice(1, -1) : echo;
      payload = payload.split(ECHO_REQUEST).join(replacement);
    }
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) {
        res.setHeader(name, value);
      }
    }
    res.statusCode = status;
    res.setHeader('content-length', Buffer.byteLength(payload));
    res.end(payload);
  }

  /** What the request authenticates with, as `[label, value]`; each value is also recorded. */
  private credentialsOf(req: IncomingMessage, body: Buffer): Array<[string, string]> {
    const found: Array<[string, string]> = [];
    const authorization = one(req.headers.authorization);
    if (authorization) {
      found.push(['hdr-auth', authorization]);
      const [scheme, value] = authorization.split(' ', 2);
      if (value) {
        this.record(value, `${this.name}: ${scheme} credential sent`);
      }
    }
    for (const header of ['api_access_token', 'apikey']) {
      const value = one(req.headers[header]);
      if (value) {
        found.push([`hdr-${header}`, value]);
        this.record(value, `${this.name}: ${header} header sent`);
      }
    }
    const usersig = new URL(req.url ?? '/', 'http://x').searchParams.get('usersig');
    if (usersig) {
      found.push(['q-usersig', usersig]);
      this.record(usersig, `${this.name}: UserSig sent`);
    }
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (typeof parsed === 'object' && parsed !== null && 'password' in parsed) {
        const { password } = parsed;
        if (typeof password === 'string' && password !== '') {
          this.record(password, `${this.name}: password sent in a request body`);
        }
      }
    } catch {
      // not JSON: nothing more to record
    }
    return found;
  }

  private recordIssuedToken(payload: string): void {
    try {
      const parsed: unknown = JSON.parse(payload);
      const token =
        typeof parsed === 'string'
          ? parsed
          : typeof parsed === 'object' && parsed !== null
            ? (parsed as { token?: unknown }).token
            : undefined;
      if (typeof token === 'string' && token !== '') {
        this.record(token, `${this.name}: token issued by get-token`);
      }
    } catch {
      // not a token answer
    }
  }

  private record(value: string, label: string): void {
    if (!this.seen.has(value)) {
      this.seen.set(value, label);
    }
  }
}
