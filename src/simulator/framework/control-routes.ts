import { parseFault } from '@app/simulator/framework/parse-fault';
import { emptyResponse, jsonResponse } from '@app/simulator/framework/sim-response';
import type {
  HttpMethod,
  RateLimitOptions,
  RouteKey,
  SimResponse,
} from '@app/simulator/framework/simulator.types';
import type { SimulatorServer } from '@app/simulator/framework/simulator-server';

export interface ControlInput {
  body: unknown;
  query: Record<string, unknown>;
}

/** A thrown error answers 400 `{error}`. */
export type ControlHandler = (input: ControlInput) => SimResponse | Promise<SimResponse>;

type RegisterControlRoute = (method: HttpMethod, path: string, handler: ControlHandler) => void;

/** `/__simulator/*`: lets a test or the demo drive a simulator that runs in another process. */
export function registerControlRoutes(sim: SimulatorServer, register: RegisterControlRoute): void {
  register('GET', '/calls', () => jsonResponse(sim.callStats()));
  register('POST', '/reset-counters', () => {
    sim.resetCounters();
    return emptyResponse(204);
  });
  register('GET', '/faults', () => jsonResponse(sim.activeFaults()));
  register('POST', '/faults', ({ body }) => {
    // Parse them all first so a bad entry arms nothing.
    sim.inject((Array.isArray(body) ? body : [body]).map(parseFault));
    return emptyResponse(204);
  });
  register('DELETE', '/faults', () => {
    sim.clearFaults();
    return emptyResponse(204);
  });
  register('GET', '/requests', ({ query }) => {
    const route = typeof query.route === 'string' ? (query.route as RouteKey) : undefined;
    return jsonResponse(sim.requests(route));
  });
  register('GET', '/validation-errors', () => jsonResponse(sim.validationErrors()));
  register('PUT', '/rate-limit', ({ body }) => {
    // An empty body or `null` turns the limit off.
    sim.setRateLimit((body ?? undefined) as RateLimitOptions | undefined);
    return emptyResponse(204);
  });
}
