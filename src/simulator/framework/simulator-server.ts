import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';

import { CallCounter } from '@app/simulator/framework/call-counter';
import { type ControlHandler, registerControlRoutes } from '@app/simulator/framework/control-routes';
import { FaultInjector } from '@app/simulator/framework/fault-injector';
import type { Fault } from '@app/simulator/framework/fault.types';
import { parseBody } from '@app/simulator/framework/parse-body';
import { RateLimiter } from '@app/simulator/framework/rate-limiter';
import { RequestLog } from '@app/simulator/framework/request-log';
import { rawBodyOf, type RegisteredRoute, RoutePipeline } from '@app/simulator/framework/route-pipeline';
import { jsonResponse, writeSimResponse } from '@app/simulator/framework/sim-response';
import type {
  CallStats,
  HttpMethod,
  RateLimitOptions,
  RequestLogEntry,
  RouteHandler,
  RouteKey,
  RouteOptions,
  SimResponse,
  SimulatorOptions,
  StartOptions,
  ValidationFailure,
} from '@app/simulator/framework/simulator.types';

const METHODS = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' } as const;

/**
 * Loopback HTTP server that platform simulators extend. Subclasses register routes in their
 * constructor; the base counts calls, logs requests, validates, rate-limits and injects faults.
 */
export abstract class SimulatorServer {
  private readonly app = express();
  private readonly router: Router = express.Router();
  private readonly controlRouter: Router = express.Router();
  private readonly counter: CallCounter = new CallCounter();
  private readonly faults = new FaultInjector();
  private readonly log: RequestLog;
  private readonly pipeline: RoutePipeline;
  private limiter?: RateLimiter;
  private server?: Server;
  private url?: string;
  private lifetime = new AbortController();

  protected constructor(options: SimulatorOptions = {}) {
    this.log = new RequestLog(options.requestLogLimit ?? 1000);
    this.setRateLimit(options.rateLimit);
    this.pipeline = new RoutePipeline({
      counter: this.counter,
      faults: this.faults,
      log: this.log,
      limiter: () => this.limiter,
      validator: options.validator,
      lifetime: () => this.lifetime.signal,
      errorResponse: (status, message) => this.errorResponse(status, message),
      rateLimitedResponse: (seconds) => this.rateLimitedResponse(seconds),
    });
    this.app.disable('x-powered-by');
    this.app.set('etag', false);
    this.app.set('query parser', 'extended');
    // Raw bytes for every content type: signatures and quirks need them; parsing is ours.
    this.app.use(express.raw({ type: () => true, limit: '10mb' }));
    this.app.use('/__simulator', this.controlRouter);
    this.app.use(this.router);
    this.app.use((req: Request, res: Response) => this.pipeline.unmatched(req, res));
    const onError: ErrorRequestHandler = (err: { status?: number; message?: string }, _req, res, _next) =>
      writeSimResponse(res, this.errorResponse(err.status ?? 500, err.message ?? 'simulator error'));
    this.app.use(onError);
    registerControlRoutes(this, (method, path, handler) => this.controlRoute(method, path, handler));
  }

  get baseUrl(): string {
    if (!this.url) {
      throw new Error(`${this.constructor.name} is not started`);
    }
    return this.url;
  }

  /** Listens on loopback (an ephemeral port by default) and resolves to the base URL. */
  async start({ port = 0, host = '127.0.0.1' }: StartOptions = {}): Promise<string> {
    if (this.server) {
      throw new Error(`${this.constructor.name} is already started`);
    }
    this.lifetime = new AbortController();
    const server = createServer(this.app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port: bound } = server.address() as AddressInfo;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
    return this.url;
  }

  /** Closes the listener and every socket, including requests held by a timeout fault. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) {
      return;
    }
    this.server = undefined;
    this.url = undefined;
    this.lifetime.abort();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  routeKeys(): RouteKey[] {
    return this.counter.knownRoutes();
  }

  calls(routeKey: RouteKey): number {
    return this.counter.calls(routeKey);
  }

  callsByRoute(): Partial<Record<RouteKey, number>> {
    return this.counter.byRoute();
  }

  totalCalls(): number {
    return this.counter.total();
  }

  /** Calls of routes registered with `write: true`. */
  writeCalls(): number {
    return this.counter.writes();
  }

  /** Requests that matched no route (answered 404). */
  unmatchedCalls(): number {
    return this.counter.unmatched();
  }

  callStats(): CallStats {
    return this.counter.stats();
  }

  /** Clears the counters, the request log and the recorded validation failures. */
  resetCounters(): void {
    this.counter.reset();
    this.log.clear();
  }

  requests(routeKey?: RouteKey): RequestLogEntry[] {
    if (routeKey) {
      this.counter.assertKnown(routeKey);
    }
    return this.log.list(routeKey);
  }

  validationErrors(): ValidationFailure[] {
    return this.log.validationFailures();
  }

  /** Arms faults; a route key that is not registered throws, so typos cannot go unnoticed. */
  inject(fault: Fault | Fault[]): void {
    for (const one of Array.isArray(fault) ? fault : [fault]) {
      if (one.route !== undefined && one.route !== '*') {
        this.counter.assertKnown(one.route);
      }
      this.faults.inject(one);
    }
  }

  clearFaults(): void {
    this.faults.clear();
  }

  activeFaults(): Fault[] {
    return this.faults.active();
  }

  /** Replaces the rate limit (fresh, full buckets); undefined turns it off. */
  setRateLimit(rateLimit: RateLimitOptions | undefined): void {
    this.limiter = rateLimit ? new RateLimiter(rateLimit) : undefined;
  }

  protected route(method: HttpMethod, path: string, handler: RouteHandler, options: RouteOptions = {}): void {
    const route: RegisteredRoute = { key: `${method} ${path}` as RouteKey, handler, options };
    this.counter.register(route.key, options.write ?? false);
    this.router[METHODS[method]](path, (req: Request, res: Response, next: (err?: unknown) => void) => {
      this.pipeline.handle(route, req, res).catch(next);
    });
  }

  /** Registers `/__simulator<path>`: never counted, logged, limited or faulted. */
  protected controlRoute(method: HttpMethod, path: string, handler: ControlHandler): void {
    this.controlRouter[METHODS[method]](path, (req: Request, res: Response) => {
      const parsed = parseBody(rawBodyOf(req), req.headers['content-type']);
      Promise.resolve()
        .then(() => handler({ body: parsed.ok ? parsed.body : undefined, query: req.query }))
        .then((response) => writeSimResponse(res, response))
        .catch((error: Error) => writeSimResponse(res, jsonResponse({ error: error.message }, 400)));
    });
  }

  /** The platform's error body; simulators override it to match their platform. */
  protected errorResponse(status: number, message: string): SimResponse {
    return jsonResponse({ error: message }, status);
  }

  /** 429 with Retry-After by default; Tencent-style simulators answer 200 with an error code. */
  protected rateLimitedResponse(retryAfterSeconds: number): SimResponse {
    const base = this.errorResponse(429, 'Too Many Requests');
    return { ...base, headers: { ...base.headers, 'retry-after': String(retryAfterSeconds) } };
  }
}
