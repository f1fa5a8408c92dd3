import type { RouteKey, SimulatorServer } from '@app/simulator';

import type { ContractFault } from '../chat-platform.contract';

/** A plain HTTP maintenance page where JSON was expected. */
export const injectGarbage = (simulator: SimulatorServer, route: RouteKey, times: number): void =>
  simulator.inject({ kind: 'status', status: 200, route, times, body: '<html>maintenance</html>' });

/**
 * The contract's faults as an HTTP platform shows them: a 500 after the write took effect (the
 * nasty case for creates), a 429 (from the platform or a proxy in front of it), a garbage page,
 * a connection dropped after the write took effect.
 */
export const injectHttpFault = (
  simulator: SimulatorServer,
  fault: ContractFault,
  route: RouteKey,
  times: number,
): void => {
  switch (fault) {
    case 'server-error':
      simulator.inject({ kind: 'status', status: 500, route, times, phase: 'after' });
      return;
    case 'rate-limit':
      simulator.inject({ kind: 'status', status: 429, route, times, retryAfterSeconds: 0 });
      return;
    case 'garbage':
      injectGarbage(simulator, route, times);
      return;
    case 'disconnect-after':
      simulator.inject({ kind: 'disconnect', route, times, phase: 'after' });
      return;
  }
};

/** The platform handles (and applies) the request only after `ms`, whoever still waits for it. */
export const injectLatency = (simulator: SimulatorServer, route: RouteKey, ms: number, times: number): void =>
  simulator.inject({ kind: 'latency', route, ms, times });

/** Requests of the route received and not handled yet: still in a latency, say. */
export const pendingRequests = (simulator: SimulatorServer, route: RouteKey): number =>
  simulator.requests(route).filter((entry) => entry.outcome === undefined).length;
