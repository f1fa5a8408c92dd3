import { Agent, request } from 'node:http';

/** One request exactly as the fuzzer built it: the path is sent as is, the body byte for byte. */
export interface RawRequest {
  method: string;
  /** Already percent-encoded where needed; node:http refuses characters outside \u0021-\u00ff. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export type RawReply =
  | { kind: 'response'; status: number; body: string }
  | { kind: 'socket-error'; code: string; message: string };

const REPLY_TIMEOUT_MS = 15_000;

/**
 * A minimal HTTP/1.1 client over node:http with a keep-alive pool: thousands of requests in a
 * few minutes must not each leave a TIME_WAIT socket behind. A request that failed on a pooled
 * socket the server had already closed is retried once on a fresh connection (the documented
 * `reusedSocket` case); any other transport error is reported as such, never thrown.
 */
export class FuzzHttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 });

  constructor(private readonly baseUrl: string) {}

  async send(raw: RawRequest): Promise<RawReply> {
    const first = await this.once(raw, this.agent);
    if (first.kind === 'socket-error' && 'reused' in first && first.reused) {
      return strip(await this.once(raw, false));
    }
    return strip(first);
  }

  close(): void {
    this.agent.destroy();
  }

  private once(
    raw: RawRequest,
    agent: Agent | false,
  ): Promise<RawReply | { kind: 'socket-error'; code: string; message: string; reused: boolean }> {
    const url = new URL(this.baseUrl);
    const body = raw.body === undefined ? undefined : Buffer.from(raw.body);
    return new Promise((done) => {
      let settled = false;
      const finish = (reply: Parameters<typeof done>[0]) => {
        if (!settled) {
          settled = true;
          done(reply);
        }
      };
      let req: ReturnType<typeof request>;
      try {
        req = request({
          host: url.hostname,
          port: url.port,
          method: raw.method,
          path: raw.path,
          agent,
          headers: {
            ...(body === undefined ? {} : { 'content-length': String(body.length) }),
            ...raw.headers,
          },
        });
      } catch (error) {
        // The fuzzer built something node:http will not put on the wire: a bug in the fuzzer.
        throw new Error(`unsendable request ${raw.method} ${raw.path.slice(0, 200)}: ${String(error)}`, {
          cause: error,
        });
      }
      req.setTimeout(REPLY_TIMEOUT_MS, () =>
        req.destroy(Object.assign(new Error('no reply'), { code: 'TIMEOUT' })),
      );
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          finish({
            kind: 'response',
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (error: NodeJS.ErrnoException) =>
          finish({
            kind: 'socket-error',
            code: error.code ?? 'ERROR',
            message: error.message,
            reused: false,
          }),
        );
      });
      req.on('error', (error: NodeJS.ErrnoException) =>
        finish({
          kind: 'socket-error',
          code: error.code ?? 'ERROR',
          message: error.message,
          reused: req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE'),
        }),
      );
      req.end(body);
    });
  }
}

const strip = (
  reply: RawReply | { kind: 'socket-error'; code: string; message: string; reused: boolean },
): RawReply =>
  reply.kind === 'response' ? reply : { kind: 'socket-error', code: reply.code, message: reply.message };
