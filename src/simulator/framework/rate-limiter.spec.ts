import axios from 'axios';

import { RateLimiter } from '@app/simulator/framework/rate-limiter';
import { ProbeSimulator } from '@app/simulator/framework/testing/probe.simulator';

describe(RateLimiter.name, () => {
  let sim: ProbeSimulator | undefined;

  afterEach(async () => {
    await sim?.stop();
  });

  async function start(options: ConstructorParameters<typeof ProbeSimulator>[0]) {
    sim = new ProbeSimulator(options);
    return axios.create({ baseURL: await sim.start(), validateStatus: () => true });
  }

  it('should answer 429 with Retry-After when requests exceed the server-wide rate', async () => {
    const http = await start({ rateLimit: { requestsPerSecond: 2 } });

    const statuses = [(await http.get('/items')).status, (await http.post('/items')).status];
    const limited = await http.get('/items');

    expect(statuses).toEqual([200, 201]);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(sim?.requests('GET /items')[1].outcome).toBe('rate-limited');
    expect(sim?.calls('GET /items')).toBe(2);
  });

  it('should keep one bucket per route when perRoute is set', async () => {
    const http = await start({ rateLimit: { requestsPerSecond: 1, perRoute: true } });

    const first = (await http.get('/items')).status;
    const second = (await http.get('/items')).status;
    const otherRoute = (await http.post('/items')).status;

    expect([first, second, otherRoute]).toEqual([200, 429, 201]);
  });

  it('should stop limiting when the rate limit is removed at runtime', async () => {
    const http = await start({ rateLimit: { requestsPerSecond: 1 } });
    await http.get('/items');
    sim?.setRateLimit(undefined);

    expect((await http.get('/items')).status).toBe(200);
  });

  it('should throw when the rate is not positive', () => {
    expect(() => new RateLimiter({ requestsPerSecond: 0 })).toThrow('requestsPerSecond');
  });
});
