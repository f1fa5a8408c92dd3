import type { Fault, FaultPlan, OutcomeFault } from '@app/simulator/framework/fault.types';
import type { RouteKey } from '@app/simulator/framework/simulator.types';

interface ArmedFault {
  fault: Fault;
  remaining: number;
}

/** Holds armed faults in injection order; each request consumes at most one latency and one outcome. */
export class FaultInjector {
  private armed: ArmedFault[] = [];

  inject(fault: Fault): void {
    const times = fault.times ?? 1;
    const remaining = times === 'always' ? Number.POSITIVE_INFINITY : times;
    if (!(remaining >= 1)) {
      throw new Error(`fault.times must be >= 1 or 'always', got ${String(times)}`);
    }
    this.armed.push({ fault, remaining });
  }

  clear(): void {
    this.armed = [];
  }

  active(): Fault[] {
    return this.armed.map((a) => a.fault);
  }

  take(routeKey: RouteKey): FaultPlan {
    const latency = this.consume(routeKey, (f) => f.kind === 'latency');
    const outcome = this.consume(routeKey, (f) => f.kind !== 'latency') as OutcomeFault | undefined;
    return { latencyMs: latency?.kind === 'latency' ? latency.ms : 0, outcome };
  }

  private consume(routeKey: RouteKey, wanted: (f: Fault) => boolean): Fault | undefined {
    const index = this.armed.findIndex((a) => wanted(a.fault) && matches(a.fault, routeKey));
    if (index < 0) {
      return undefined;
    }
    const armed = this.armed[index];
    armed.remaining -= 1;
    if (armed.remaining <= 0) {
      this.armed.splice(index, 1);
    }
    return armed.fault;
  }
}

function matches(fault: Fault, routeKey: RouteKey): boolean {
  return fault.route === undefined || fault.route === '*' || fault.route === routeKey;
}
