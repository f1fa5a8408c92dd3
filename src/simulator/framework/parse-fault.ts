import type { Fault } from '@app/simulator/framework/fault.types';

// Faults posted to the control route come from another process: check them before arming.
export function parseFault(input: unknown): Fault {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('a fault must be an object');
  }
  const fault = input as Record<string, unknown>;
  const phaseOk = fault.phase === undefined || fault.phase === 'before' || fault.phase === 'after';
  const timesOk =
    fault.times === undefined ||
    fault.times === 'always' ||
    (typeof fault.times === 'number' && fault.times >= 1);
  const routeOk = fault.route === undefined || typeof fault.route === 'string';
  if (!phaseOk || !timesOk || !routeOk) {
    throw new Error('invalid phase, times or route');
  }
  switch (fault.kind) {
    case 'status':
      if (
        !Number.isInteger(fault.status) ||
        (fault.status as number) < 100 ||
        (fault.status as number) > 599
      ) {
        throw new Error('status fault needs an integer status 100-599');
      }
      return input as Fault;
    case 'latency':
      if (typeof fault.ms !== 'number' || fault.ms < 0) {
        throw new Error('latency fault needs ms >= 0');
      }
      return input as Fault;
    case 'timeout':
    case 'disconnect':
      return input as Fault;
    default:
      throw new Error(`unknown fault kind ${JSON.stringify(fault.kind)}`);
  }
}
