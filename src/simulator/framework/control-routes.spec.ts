import axios, { type AxiosInstance } from 'axios';

import { registerControlRoutes } from '@app/simulator/framework/control-routes';
import { ProbeSimulator } from '@app/simulator/framework/testing/probe.simulator';

describe(registerControlRoutes.name, () => {
  let sim: ProbeSimulator;
  let http: AxiosInstance;

  beforeEach(async () => {
    sim = new ProbeSimulator();
    http = axios.create({ baseURL: await sim.start(), validateStatus: () => true });
  });

  afterEach(async () => {
    await sim.stop();
  });

  it('should report the counters and not count itself when GET /__simulator/calls is called', async () => {
    await http.post('/items');
    await http.get('/nowhere');

    const res = await http.get('/__simulator/calls');
    await http.get('/__simulator/calls');

    expect(res.data).toEqual({ total: 1, writes: 1, unmatched: 1, byRoute: { 'POST /items': 1 } });
    expect(sim.totalCalls()).toBe(1);
    expect(sim.requests()).toHaveLength(2);
  });

  it('should zero the counters when POST /__simulator/reset-counters is called', async () => {
    await http.get('/items');

    const res = await http.post('/__simulator/reset-counters');

    expect(res.status).toBe(204);
    expect(sim.totalCalls()).toBe(0);
  });

  it('should arm faults that hit the next calls when POST /__simulator/faults is called', async () => {
    const armed = await http.post('/__simulator/faults', [
      { kind: 'status', route: 'GET /items', status: 503, times: 2 },
    ]);
    const listed = await http.get('/__simulator/faults');

    const statuses = [(await http.get('/items')).status, (await http.get('/items')).status];

    expect(armed.status).toBe(204);
    expect(listed.data).toEqual([{ kind: 'status', route: 'GET /items', status: 503, times: 2 }]);
    expect(statuses).toEqual([503, 503]);
  });

  it('should accept a single fault object when POST /__simulator/faults gets no array', async () => {
    await http.post('/__simulator/faults', { kind: 'status', status: 500 });

    expect((await http.get('/items')).status).toBe(500);
  });

  it('should answer 400 and arm nothing when one posted fault is invalid', async () => {
    const res = await http.post('/__simulator/faults', [
      { kind: 'status', status: 500 },
      { kind: 'explode' },
    ]);

    expect(res.status).toBe(400);
    expect(res.data.error).toContain('unknown fault kind');
    expect(sim.activeFaults()).toEqual([]);
  });

  it('should answer 400 when a posted fault names an unknown route', async () => {
    const res = await http.post('/__simulator/faults', { kind: 'timeout', route: 'GET /nope' });

    expect(res.status).toBe(400);
    expect(res.data.error).toContain('unknown route');
  });

  it('should clear faults when DELETE /__simulator/faults is called', async () => {
    sim.inject({ kind: 'status', status: 500, times: 'always' });

    await http.delete('/__simulator/faults');

    expect((await http.get('/items')).status).toBe(200);
  });

  it('should expose the request log and validation failures when asked over HTTP', async () => {
    await http.post('/strict', {});
    await http.get('/items');

    const requests = await http.get('/__simulator/requests', { params: { route: 'POST /strict' } });
    const failures = await http.get('/__simulator/validation-errors');

    expect(requests.data).toEqual([expect.objectContaining({ path: '/strict', status: 400 })]);
    expect(failures.data).toEqual([expect.objectContaining({ errors: ['name missing'] })]);
  });

  it('should set and remove the rate limit when PUT /__simulator/rate-limit is called', async () => {
    await http.put('/__simulator/rate-limit', { requestsPerSecond: 1 });
    const limited = [(await http.get('/items')).status, (await http.get('/items')).status];
    await http.put('/__simulator/rate-limit');

    expect(limited).toEqual([200, 429]);
    expect((await http.get('/items')).status).toBe(200);
  });

  it('should not be subject to faults or rate limits when control routes are called', async () => {
    sim.inject({ kind: 'status', status: 500, times: 'always' });
    sim.setRateLimit({ requestsPerSecond: 1 });

    const statuses = [
      (await http.get('/__simulator/calls')).status,
      (await http.get('/__simulator/calls')).status,
    ];

    expect(statuses).toEqual([200, 200]);
  });
});
