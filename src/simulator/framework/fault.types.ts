import type { RouteKey } from '@app/simulator/framework/simulator.types';

/** 'after' runs the real handler (its state change sticks) and then answers the fault instead. */
export type FaultPhase = 'before' | 'after';

interface FaultBase {
  /** Route the fault applies to; omitted or '*' means every route. */
  route?: RouteKey | '*';
  /** How many matching requests it hits. Default 1; 'always' until cleared. */
  times?: number | 'always';
}

/** Answers `status`. `body`: string = raw text, anything else = JSON, omitted = the simulator's error body. */
export interface StatusFault extends FaultBase {
  kind: 'status';
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  retryAfterSeconds?: number;
  phase?: FaultPhase;
}

export interface LatencyFault extends FaultBase {
  kind: 'latency';
  ms: number;
}

/** Accepts the request and never answers; the socket is released by `stop()`. */
export interface TimeoutFault extends FaultBase {
  kind: 'timeout';
  phase?: FaultPhase;
}

/** Destroys the socket without an answer (ECONNRESET on the client), like a crashing proxy. */
export interface DisconnectFault extends FaultBase {
  kind: 'disconnect';
  phase?: FaultPhase;
}

export type Fault = StatusFault | LatencyFault | TimeoutFault | DisconnectFault;
export type OutcomeFault = StatusFault | TimeoutFault | DisconnectFault;

/** What applies to one request: a delay and at most one outcome. */
export interface FaultPlan {
  latencyMs: number;
  outcome?: OutcomeFault;
}
