import axios, { type AxiosInstance } from 'axios';

import { FaultInjector } from '@app/simulator/framework/fault-injector';
import { ProbeSimulator } from '@app/simulator/framework/testing/probe.simulator';
import { waitFor } from '@app/simulator/framework/testing/wait-for';

describe(FaultInjector.name, () => {
  let sim: ProbeSimulator;
  let http: AxiosInstance;

  beforeEach(async () => {
    sim = new ProbeSimulator();
    http = axios.create({ baseURL: await sim.start(), validateStatus: () => true });
  });

  afterEach(async () => {
    await sim.stop();
  });

  it('should answer the fault status without running the handler when phase is before', async () => {
    sim.inject({ kind: 'status', route: 'POST /items', status: 503 });

    const res = await http.post('/items');

    expect(res.status).toBe(503);
    expect(sim.created).toBe(0);
    expect(sim.requests('POST /items')[0]).toMatchObject({ status: 503, outcome: 'fault' });
  });

  it('should apply the state change and still answer the fault when phase is after', async () => {
    sim.inject({ kind: 'status', route: 'POST /items', status: 500, phase: 'after' });

    const failed = await http.post('/items');
    const retried = await http.post('/items');

    expect(failed.status).toBe(500);
    expect(retried.data).toEqual({ id: 2 });
    expect(sim.created).toBe(2);
  });

  it('should hit exactly `times` calls and then answer normally when times is given', async () => {
    sim.inject({ kind: 'status', route: 'GET /items', status: 502, times: 2 });

    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await http.get('/items')).status);
    }

    expect(statuses).toEqual([502, 502, 200]);
    expect(sim.activeFaults()).toEqual([]);
  });

  it('should hit every route until cleared when route is omitted and times is always', async () => {
    sim.inject({ kind: 'status', status: 500, times: 'always' });

    const before = [(await http.get('/items')).status, (await http.post('/items')).status];
    sim.clearFaults();
    const after = (await http.get('/items')).status;

    expect(before).toEqual([500, 500]);
    expect(after).toBe(200);
  });

  it('should leave other routes alone when the fault names a route', async () => {
    sim.inject({ kind: 'status', route: 'POST /items', status: 500 });

    expect((await http.get('/items')).status).toBe(200);
    expect(sim.activeFaults()).toHaveLength(1);
  });

  it('should send the given body, headers and Retry-After when the fault carries them', async () => {
    sim.inject([
      { kind: 'status', route: 'GET /items', status: 200, body: { error: true, result: 'quirk' } },
      { kind: 'status', route: 'GET /items', status: 502, body: '<html>Bad Gateway</html>' },
      {
        kind: 'status',
        route: 'GET /items',
        status: 429,
        retryAfterSeconds: 7,
        headers: { 'x-why': 'test' },
      },
    ]);

    const quirk = await http.get('/items');
    const html = await http.get('/items', { responseType: 'text' });
    const limited = await http.get('/items');

    expect([quirk.status, quirk.data]).toEqual([200, { error: true, result: 'quirk' }]);
    expect([html.status, html.data]).toEqual([502, '<html>Bad Gateway</html>']);
    expect(limited.status).toBe(429);
    expect(limited.headers).toMatchObject({ 'retry-after': '7', 'x-why': 'test' });
  });

  it('should delay the answer when a latency fault applies', async () => {
    sim.inject({ kind: 'latency', route: 'GET /items', ms: 150 });

    const startedAt = Date.now();
    const res = await http.get('/items');

    expect(res.status).toBe(200);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
  });

  it('should combine a latency fault with a status fault when both match', async () => {
    sim.inject([
      { kind: 'latency', ms: 100 },
      { kind: 'status', route: 'GET /items', status: 504 },
    ]);

    const startedAt = Date.now();
    const res = await http.get('/items');

    expect(res.status).toBe(504);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(90);
  });

  it('should hold the request until stop and then release the socket when a timeout fault applies', async () => {
    sim.inject({ kind: 'timeout', route: 'GET /items' });

    const pending = http.get('/items');
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await waitFor(() => sim.requests('GET /items')[0]?.outcome === 'held');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);

    await sim.stop();

    await expect(pending).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('should keep the state change and never answer when a timeout fault has phase after', async () => {
    sim.inject({ kind: 'timeout', route: 'POST /items', phase: 'after' });

    const pending = http.post('/items', undefined, { timeout: 200 });

    await expect(pending).rejects.toMatchObject({ code: 'ECONNABORTED' });
    expect(sim.created).toBe(1);
  });

  it('should reset the connection without an answer when a disconnect fault applies', async () => {
    sim.inject({ kind: 'disconnect', route: 'GET /items' });

    await expect(http.get('/items')).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(sim.requests('GET /items')[0].outcome).toBe('dropped');
  });

  it('should throw when a fault names a route that is not registered', () => {
    expect(() => sim.inject({ kind: 'status', route: 'GET /nope', status: 500 })).toThrow(
      'unknown route GET /nope',
    );
  });

  it('should throw when times is below one', () => {
    expect(() => sim.inject({ kind: 'timeout', times: 0 })).toThrow('times');
  });
});
