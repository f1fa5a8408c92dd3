import { setTimeout as sleep } from 'node:timers/promises';

import type { Request, Response } from 'express';

import type { CallCounter } from '@app/simulator/framework/call-counter';
import type { FaultInjector } from '@app/simulator/framework/fault-injector';
import type { OutcomeFault, StatusFault } from '@app/simulator/framework/fault.types';
import { parseBody } from '@app/simulator/framework/parse-body';
import type { RateLimiter } from '@app/simulator/framework/rate-limiter';
import { redactHeaders, type RequestLog } from '@app/simulator/framework/request-log';
import {
  InvalidRequestError,
  jsonResponse,
  rawResponse,
  writeSimResponse,
} from '@app/simulator/framework/sim-response';
import type {
  HttpMethod,
  RequestLogEntry,
  RequestOutcome,
  RequestValidator,
  RouteHandler,
  RouteKey,
  RouteOptions,
  SimRequest,
  SimResponse,
} from '@app/simulator/framework/simulator.types';

export interface RegisteredRoute {
  key: RouteKey;
  handler: RouteHandler;
  options: RouteOptions;
}

/** What the pipeline borrows from its SimulatorServer. */
export interface PipelineContext {
  counter: CallCounter;
  faults: FaultInjector;
  log: RequestLog;
  limiter(): RateLimiter | undefined;
  validator?: RequestValidator;
  /** Aborted by stop(): pending latency faults end without an answer. */
  lifetime(): AbortSignal;
  errorResponse(status: number, message: string): SimResponse;
  rateLimitedResponse(retryAfterSeconds: number): SimResponse;
}

type Answered = { response: SimResponse; outcome: RequestOutcome };

/**
 * One request, in order: count and log, parse, rate limit, latency, a 'before' fault,
 * guard, validators and handler, then an 'after' fault (the handler's state change stays).
 */
export class RoutePipeline {
  constructor(private readonly ctx: PipelineContext) {}

  async handle(route: RegisteredRoute, req: Request, res: Response): Promise<void> {
    const raw = rawBodyOf(req);
    const parsed = parseBody(raw, req.headers['content-type']);
    const simReq: SimRequest = {
      method: req.method as HttpMethod,
      path: req.path,
      routeKey: route.key,
      params: req.params as Record<string, string>,
      query: req.query,
      headers: req.headers,
      body: parsed.ok ? parsed.body : undefined,
      rawBody: raw,
    };
    this.ctx.counter.record(route.key);
    const entry = this.logRequest(req, route.key, parsed.ok ? parsed.body : raw.toString('utf8'));
    const answer = ({ response, outcome }: Answered): void => {
      entry.status = response.status;
      entry.outcome = outcome;
      writeSimResponse(res, response);
    };
    if (!parsed.ok) {
      return answer({ response: this.invalid(simReq, [parsed.error]), outcome: 'invalid' });
    }
    const token = this.ctx.limiter()?.take(route.key);
    if (token && !token.ok) {
      return answer({
        response: this.ctx.rateLimitedResponse(token.retryAfterSeconds),
        outcome: 'rate-limited',
      });
    }
    const plan = this.ctx.faults.take(route.key);
    if (plan.latencyMs > 0 && !(await this.delay(plan.latencyMs))) {
      return;
    }
    if (plan.outcome && (plan.outcome.phase ?? 'before') === 'before') {
      return this.applyFault(plan.outcome, req, entry, answer);
    }
    const result = await this.run(route, simReq);
    if (plan.outcome) {
      return this.applyFault(plan.outcome, req, entry, answer);
    }
    answer(result);
  }

  unmatched(req: Request, res: Response): void {
    this.ctx.counter.record(null);
    const entry = this.logRequest(req, null, undefined);
    const response = this.ctx.errorResponse(404, `no route for ${req.method} ${req.path}`);
    entry.status = response.status;
    writeSimResponse(res, response);
  }

  private async run(route: RegisteredRoute, req: SimRequest): Promise<Answered> {
    const guarded = route.options.guard?.(req);
    if (guarded) {
      return { response: guarded, outcome: 'guarded' };
    }
    try {
      const errors = [
        ...((await this.ctx.validator?.(req)) ?? []),
        ...((await route.options.validate?.(req)) ?? []),
      ];
      if (errors.length > 0) {
        throw new InvalidRequestError(errors);
      }
      return { response: await route.handler(req), outcome: 'handled' };
    } catch (error) {
      if (error instanceof InvalidRequestError) {
        return { response: this.invalid(req, error.errors), outcome: 'invalid' };
      }
      return { response: this.ctx.errorResponse(500, (error as Error).message), outcome: 'handled' };
    }
  }

  private applyFault(
    fault: OutcomeFault,
    req: Request,
    entry: RequestLogEntry,
    answer: (answered: Answered) => void,
  ): void {
    switch (fault.kind) {
      case 'status':
        return answer({ response: this.faultResponse(fault), outcome: 'fault' });
      case 'timeout':
        // Never answered: stop() destroys the socket.
        entry.outcome = 'held';
        return;
      case 'disconnect':
        entry.outcome = 'dropped';
        req.socket.destroy();
        return;
    }
  }

  private faultResponse(fault: StatusFault): SimResponse {
    const base =
      fault.body === undefined
        ? this.ctx.errorResponse(fault.status, 'injected fault')
        : typeof fault.body === 'string'
          ? rawResponse(fault.body, fault.status)
          : jsonResponse(fault.body, fault.status);
    const retryAfter: Record<string, string> =
      fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
    return { ...base, status: fault.status, headers: { ...base.headers, ...fault.headers, ...retryAfter } };
  }

  private invalid(req: SimRequest, errors: string[]): SimResponse {
    const at = new Date().toISOString();
    this.ctx.log.addFailure({ at, routeKey: req.routeKey, method: req.method, path: req.path, errors });
    return this.ctx.errorResponse(400, errors.join('; '));
  }

  private logRequest(req: Request, routeKey: RouteKey | null, body: unknown): RequestLogEntry {
    return this.ctx.log.add({
      at: new Date().toISOString(),
      method: req.method,
      path: req.path,
      routeKey,
      query: req.query,
      headers: redactHeaders(req.headers),
      body: body === '' ? undefined : body,
    });
  }

  // Resolves false when the server stops during the delay.
  private async delay(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.ctx.lifetime() });
      return true;
    } catch {
      return false;
    }
  }
}

export function rawBodyOf(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}
