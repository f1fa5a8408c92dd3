import autocannon from 'autocannon';

import { type CallbackKind, CallbackBodies, CallbackPaths } from './tencent-callbacks';

/**
 * The load generator in a process of its own (forked by load-process.ts): one autocannon run of
 * signed, unique Tencent callbacks, asked for and answered over the IPC channel.
 */
export interface LoadJob {
  /** Origin of the daemon or the bare app, e.g. http://127.0.0.1:4321. */
  origin: string;
  kind: CallbackKind;
  durationSeconds: number;
  connections: number;
  /** Requests per second over all connections; unset: as fast as answers come. */
  rate?: number;
  /** State changes name op0…op(operators-1) in turn. */
  operators: number;
}

export interface LoadResult {
  /** 2xx answers per second over the run. */
  okPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  non2xx: number;
  errors: number;
  durationSeconds: number;
}

const run = async (job: LoadJob): Promise<LoadResult> => {
  const paths = new CallbackPaths();
  const bodies = new CallbackBodies(job.operators);
  let n = 0;
  const body = (): string =>
    job.kind === 'ChatBot.OnAssignAgent'
      ? bodies.assignAgent()
      : bodies.stateChange(n, n++ % 2 ? 'Logout' : 'Login');
  const result = await autocannon({
    url: job.origin,
    method: 'POST',
    duration: job.durationSeconds,
    connections: job.connections,
    overallRate: job.rate,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, path: paths.path(job.kind), body: body() }) }],
  });
  return {
    okPerSecond: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    durationSeconds: result.duration,
  };
};

process.once('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (error: unknown) => process.send!({ error: String(error) }, () => process.exit(1)),
  );
});
