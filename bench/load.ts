import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  total: number;
}

/** One autocannon run; `body` is called per request so every delivery can be unique. */
export const load = async (params: {
  url: string;
  durationSeconds: number;
  connections: number;
  rate?: number;
  headers?: Record<string, string>;
  body: () => string;
}): Promise<LoadResult> => {
  const result = await autocannon({
    url: params.url,
    method: 'POST',
    duration: params.durationSeconds,
    connections: params.connections,
    overallRate: params.rate,
    headers: { 'content-type': 'application/json', ...params.headers },
    requests: [{ setupRequest: (request) => ({ ...request, body: params.body() }) }],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
};
