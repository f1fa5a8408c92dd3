import axios, { type AxiosInstance } from 'axios';

import { SimulatorServer } from '@app/simulator/framework/simulator-server';
import { ProbeSimulator } from '@app/simulator/framework/testing/probe.simulator';

describe(SimulatorServer.name, () => {
  let sut: ProbeSimulator;
  let http: AxiosInstance;

  beforeEach(async () => {
    sut = new ProbeSimulator();
    http = axios.create({ baseURL: await sut.start(), validateStatus: () => true });
  });

  afterEach(async () => {
    await sut.stop();
  });

  describe('lifecycle', () => {
    it('should listen on an ephemeral loopback port when started without options', () => {
      expect(sut.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sut.baseUrl).not.toMatch(/:0$/);
    });

    it('should refuse connections and forget its URL when stopped', async () => {
      const url = sut.baseUrl;
      await sut.stop();

      await expect(axios.get(`${url}/items`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      expect(() => sut.baseUrl).toThrow('not started');
    });

    it('should throw when started twice', async () => {
      await expect(sut.start()).rejects.toThrow('already started');
    });
  });

  describe('counters', () => {
    it('should count calls per route key when routes are called', async () => {
      await http.get('/items');
      await http.post('/items');
      await http.post('/items');
      await http.get('/items/7');

      expect(sut.calls('GET /items')).toBe(1);
      expect(sut.calls('POST /items')).toBe(2);
      expect(sut.callsByRoute()).toEqual({ 'GET /items': 1, 'POST /items': 2, 'GET /items/:id': 1 });
      expect(sut.totalCalls()).toBe(4);
      expect(sut.writeCalls()).toBe(2);
    });

    it('should count an unknown path as unmatched and answer 404 when no route matches', async () => {
      const res = await http.get('/nowhere');

      expect(res.status).toBe(404);
      expect(sut.unmatchedCalls()).toBe(1);
      expect(sut.totalCalls()).toBe(0);
      expect(sut.requests()).toEqual([
        expect.objectContaining({ path: '/nowhere', routeKey: null, status: 404 }),
      ]);
    });

    it('should start from zero when counters are reset', async () => {
      await http.post('/items');
      sut.resetCounters();

      expect(sut.totalCalls()).toBe(0);
      expect(sut.writeCalls()).toBe(0);
      expect(sut.requests()).toEqual([]);
    });

    it('should throw when asked about a route key that is not registered', () => {
      expect(() => sut.calls('GET /itemz')).toThrow('unknown route GET /itemz');
      expect(() => sut.requests('GET /itemz')).toThrow('unknown route');
    });
  });

  describe('request log', () => {
    it('should record method, path, parsed body and redacted credentials when a request arrives', async () => {
      await http.post(
        '/echo',
        { a: 1 },
        {
          headers: {
            Authorization: 'Bearer top-secret',
            'X-Authorization-Key': 'also-secret',
            'X-Other': 'kept',
          },
        },
      );

      const [entry] = sut.requests('POST /echo');
      expect(entry).toMatchObject({
        method: 'POST',
        path: '/echo',
        body: { a: 1 },
        status: 200,
        outcome: 'handled',
      });
      expect(entry.headers).toMatchObject({
        authorization: 'Bearer [redacted]',
        'x-authorization-key': '[redacted]',
        'x-other': 'kept',
      });
      expect(JSON.stringify(entry)).not.toContain('secret');
    });

    it('should keep only the newest entries when the log limit is reached', async () => {
      const small = new ProbeSimulator({ requestLogLimit: 2 });
      const url = await small.start();
      try {
        for (const id of [1, 2, 3]) {
          await axios.get(`${url}/items/${id}`);
        }
        expect(small.requests().map((e) => e.path)).toEqual(['/items/2', '/items/3']);
        expect(small.calls('GET /items/:id')).toBe(3);
      } finally {
        await small.stop();
      }
    });
  });

  describe('bodies and params', () => {
    it('should pass path params, query and the raw body to the handler when they are sent', async () => {
      const res = await http.get('/items/42?flag=1&tags[]=a&tags[]=b');

      expect(res.data).toEqual({ id: '42', query: { flag: '1', tags: ['a', 'b'] } });
    });

    it('should parse form fields and keep the raw bytes when the body is form-encoded', async () => {
      const res = await http.post('/echo', 'chat_id=5&status=1&dep[]=1&dep[]=2', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });

      expect(res.data).toEqual({
        body: { chat_id: '5', status: '1', dep: ['1', '2'] },
        raw: 'chat_id=5&status=1&dep[]=1&dep[]=2',
      });
    });

    it('should answer 400 and record a validation failure when the JSON body is malformed', async () => {
      // Identity transform: axios would otherwise re-encode the broken text as a valid JSON string.
      const res = await http.post('/echo', '{"a":', {
        headers: { 'content-type': 'application/json' },
        transformRequest: [(data: unknown) => data],
      });

      expect(res.status).toBe(400);
      expect(sut.validationErrors()).toEqual([
        expect.objectContaining({
          routeKey: 'POST /echo',
          errors: [expect.stringContaining('malformed JSON')],
        }),
      ]);
    });
  });

  describe('guards and validation', () => {
    it('should answer 400 and record the errors when a route validator rejects the request', async () => {
      const res = await http.post('/strict', { other: 1 });

      expect(res.status).toBe(400);
      expect(sut.validationErrors()).toEqual([
        expect.objectContaining({ method: 'POST', path: '/strict', errors: ['name missing'] }),
      ]);
    });

    it('should record no validation failure when the request is valid', async () => {
      const res = await http.post('/strict', { name: 'x' });

      expect(res.status).toBe(204);
      expect(sut.validationErrors()).toEqual([]);
    });

    it('should run the simulator-wide validator on every routed request when one is given', async () => {
      const strict = new ProbeSimulator({
        validator: (req) => (req.headers['x-ok'] ? [] : ['x-ok missing']),
      });
      const url = await strict.start();
      try {
        const bad = await axios.get(`${url}/items`, { validateStatus: () => true });
        const good = await axios.get(`${url}/items`, { headers: { 'x-ok': '1' } });

        expect([bad.status, good.status]).toEqual([400, 200]);
        expect(strict.validationErrors().map((f) => f.errors)).toEqual([['x-ok missing']]);
      } finally {
        await strict.stop();
      }
    });

    it('should answer with the guard response and skip the handler when the guard refuses', async () => {
      const refused = await http.post('/guarded', {});
      const passed = await http.post('/guarded', {}, { headers: { 'x-pass': 'yes' } });

      expect(refused.status).toBe(401);
      expect(passed.status).toBe(400);
      expect(sut.validationErrors().map((f) => f.errors)).toEqual([['handler said no']]);
      expect(sut.requests('POST /guarded').map((e) => e.outcome)).toEqual(['guarded', 'invalid']);
    });
  });
});
