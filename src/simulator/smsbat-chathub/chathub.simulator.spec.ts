import axios, { type AxiosInstance } from 'axios';

import { ChatHubSimulator } from '@app/simulator/smsbat-chathub/chathub.simulator';
import { CHATHUB_ROUTES, type ChatHubSimulatorOptions } from '@app/simulator/smsbat-chathub/chathub.types';

const KEY = 'dashboard-key';
const HOUR = 60 * 60 * 1000;

describe(ChatHubSimulator.name, () => {
  let sut: ChatHubSimulator;
  let http: AxiosInstance;
  let now: Date;

  async function start(options: ChatHubSimulatorOptions = {}): Promise<void> {
    sut = new ChatHubSimulator({
      companyKeys: [KEY],
      credentials: [{ login: 'acme', password: 's3cret' }],
      now: () => now,
      ...options,
    });
    sut.seed({
      organizations: [
        { id: 24, name: 'Customer Support' },
        { id: 6, name: 'Sales' },
      ],
    });
    http = axios.create({
      baseURL: await sut.start(),
      headers: { 'X-Authorization-Key': KEY },
      validateStatus: () => true,
    });
  }

  beforeEach(async () => {
    now = new Date('2025-01-20T12:00:00Z');
    await start();
  });

  afterEach(async () => {
    await sut.stop();
  });

  describe('POST /api/company/get-token', () => {
    it('should answer a bare JWT as a JSON string when the shape is string', async () => {
      const res = await http.post(
        '/api/company/get-token',
        { login: 'acme', password: 's3cret' },
        {
          responseType: 'text',
        },
      );

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.data).toMatch(/^"[\w-]+\.[\w-]+\.[\w-]+"$/);
    });

    it('should answer {token, expiration} when the shape is object', async () => {
      await sut.stop();
      await start({ tokenResponseShape: 'object' });

      const res = await http.post('/api/company/get-token', { login: 'acme', password: 's3cret' });
      // A plain request: the shared client would also send the dashboard key.
      const orgs = await axios.get(`${sut.baseUrl}/api/company/organization`, {
        headers: { Authorization: `Bearer ${res.data.token}` },
      });

      expect(res.data).toEqual({
        token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expiration: expect.any(String),
      });
      expect(Date.parse(res.data.expiration)).toBeGreaterThan(now.getTime());
      expect(orgs.status).toBe(200);
    });

    it('should answer 401 when the credentials are wrong', async () => {
      const res = await http.post('/api/company/get-token', { login: 'acme', password: 'wrong' });

      expect(res.status).toBe(401);
    });

    it('should answer 400 when the password is missing', async () => {
      const res = await http.post('/api/company/get-token', { login: 'acme' });

      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('GET /api/operator', () => {
    beforeEach(() => {
      sut.seed({
        operators: [
          { name: 'John Smith', organizationId: 24 },
          { name: 'Mike Wilson', organizationId: 24, status: 2 },
          { name: 'Sales Sam', organizationId: 6 },
        ],
      });
    });

    it('should list the organization operators, deleted ones included, when organizationId is known', async () => {
      const res = await http.get('/api/operator', {
        params: { organizationId: 24 },
        headers: { Accept: 'text/plain' },
      });

      expect(res.data).toEqual([
        { id: 100, name: 'John Smith', status: 0, organization: { id: 24, name: 'Customer Support' } },
        { id: 101, name: 'Mike Wilson', status: 2, organization: { id: 24, name: 'Customer Support' } },
      ]);
    });

    it('should answer an empty list when the organization is unknown', async () => {
      const res = await http.get('/api/operator', { params: { organizationId: 999 } });

      expect([res.status, res.data]).toEqual([200, []]);
    });

    it.each(['', '?organizationId=abc', '?organizationId=1.5'])(
      'should answer 400 when the query is "%s"',
      async (query) => {
        const res = await http.get(`/api/operator${query}`);

        expect(res.status).toBe(400);
        expect(sut.validationErrors()).toHaveLength(1);
      },
    );
  });

  describe('POST /api/operator/synchronize', () => {
    it('should create every item with ids from 100 when names repeat', async () => {
      const res = await http.post('/api/operator/synchronize', [
        { organizationId: 24, name: 'Alex' },
        { organizationId: 24, name: 'Alex' },
        { organizationId: 6, name: 'Emma' },
      ]);
      const again = await http.post('/api/operator/synchronize', [{ organizationId: 24, name: 'Alex' }]);

      expect(res.data).toEqual([
        { id: 100, name: 'Alex', status: 0 },
        { id: 101, name: 'Alex', status: 0 },
        { id: 102, name: 'Emma', status: 0 },
      ]);
      expect(again.data).toEqual([{ id: 103, name: 'Alex', status: 0 }]);
      expect(sut.operators().filter((op) => op.name === 'Alex')).toHaveLength(3);
    });

    it.each([
      ['the body is not an array', { organizationId: 24, name: 'Alex' }],
      ['a name is missing', [{ organizationId: 24 }]],
      ['organizationId is not an integer', [{ organizationId: '24', name: 'Alex' }]],
      [
        'an organization is unknown',
        [
          { organizationId: 24, name: 'A' },
          { organizationId: 999, name: 'B' },
        ],
      ],
    ])('should answer 400 and create nothing when %s', async (_case, body) => {
      const res = await http.post('/api/operator/synchronize', body);

      expect(res.status).toBe(400);
      expect(sut.operators()).toEqual([]);
    });

    it('should keep the created operators when a 500 is injected after the handler', async () => {
      sut.inject({ kind: 'status', route: CHATHUB_ROUTES.synchronize, status: 500, phase: 'after' });

      const res = await http.post('/api/operator/synchronize', [{ organizationId: 24, name: 'Alex' }]);

      expect(res.status).toBe(500);
      expect(sut.operators()).toEqual([{ id: 100, name: 'Alex', status: 0, organizationId: 24 }]);
    });
  });

  describe('POST /api/operator/status', () => {
    beforeEach(() => sut.seed({ operators: [{ id: 104, name: 'Alex', organizationId: 24 }] }));

    it('should answer 200 with an empty body and store the status when the operator exists', async () => {
      const res = await http.post(
        '/api/operator/status',
        { id: 104, status: 1 },
        { responseType: 'arraybuffer' },
      );

      expect(res.status).toBe(200);
      expect((res.data as ArrayBuffer).byteLength).toBe(0);
      expect(res.headers['content-length']).toBe('0');
      expect(sut.operators()[0].status).toBe(1);
    });

    it('should answer 404 when the operator id is unknown', async () => {
      const res = await http.post('/api/operator/status', { id: 5, status: 1 });

      expect(res.status).toBe(404);
    });

    it.each([{ id: 104, status: 3 }, { id: 104, status: '1' }, { id: 104 }, { status: 1 }])(
      'should answer 400 and keep the status when the body is %j',
      async (body) => {
        const res = await http.post('/api/operator/status', body);

        expect(res.status).toBe(400);
        expect(sut.operators()[0].status).toBe(0);
      },
    );
  });

  describe('operator tokens', () => {
    beforeEach(() => sut.seed({ operators: [{ id: 123, name: 'Alex', organizationId: 24 }] }));

    async function mint(id: number, expiresInMs: number) {
      return http.post('/api/operator/get-token', {
        id,
        expiresAt: new Date(now.getTime() + expiresInMs).toISOString(),
      });
    }

    it('should mint a token that validate-token accepts when expiresAt is within 24 h', async () => {
      const minted = await mint(123, 24 * HOUR);
      const check = await http.post('/api/operator/validate-token', { token: minted.data });

      expect(minted.data).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(check.data).toEqual({
        isValid: true,
        operatorId: 123,
        clientId: 0,
        expiresAt: '2025-01-21T12:00:00.000Z',
        error: null,
      });
    });

    it.each([
      ['more than 24 h ahead', 24 * HOUR + 1000],
      ['in the past', -1000],
    ])('should answer 400 when expiresAt is %s', async (_case, offset) => {
      expect((await mint(123, offset)).status).toBe(400);
    });

    it('should answer 404 when the operator is unknown', async () => {
      expect((await mint(999, HOUR)).status).toBe(404);
    });

    it('should report the token as expired when its expiresAt has passed', async () => {
      const minted = await mint(123, HOUR);
      now = new Date(now.getTime() + 2 * HOUR);

      const check = await http.post('/api/operator/validate-token', { token: minted.data });

      expect(check.data).toEqual({ isValid: false, error: 'Token expired' });
    });

    it('should report an invalid token when it was never issued', async () => {
      const check = await http.post('/api/operator/validate-token', { token: 'a.b.c' });

      expect([check.status, check.data]).toEqual([200, { isValid: false, error: 'Invalid token' }]);
    });
  });

  describe('state and counters', () => {
    it('should count only synchronize and status as writes when every route is called', async () => {
      await http.get('/api/company/organization');
      await http.post('/api/operator/synchronize', [{ organizationId: 24, name: 'Alex' }]);
      await http.post('/api/operator/status', { id: 100, status: 2 });
      await http.get('/api/operator', { params: { organizationId: 24 } });

      expect(sut.writeCalls()).toBe(2);
      expect(sut.totalCalls()).toBe(4);
      expect(sut.calls(CHATHUB_ROUTES.status)).toBe(1);
    });

    it('should forget everything and restart ids at 100 when reset', async () => {
      await http.post('/api/operator/synchronize', [{ organizationId: 24, name: 'Alex' }]);

      sut.reset();
      sut.seed({ organizations: [{ id: 24, name: 'Customer Support' }] });
      const res = await http.post('/api/operator/synchronize', [{ organizationId: 24, name: 'Emma' }]);

      expect(res.data).toEqual([{ id: 100, name: 'Emma', status: 0 }]);
      expect(sut.totalCalls()).toBe(1);
    });

    it('should seed, list and expire tokens over the control routes when driven from another process', async () => {
      const token = (await http.post<string>('/api/company/get-token', { login: 'acme', password: 's3cret' }))
        .data;

      await http.post('/__simulator/seed', { operators: [{ name: 'Alex', organizationId: 6 }] });
      await http.post('/__simulator/expire-tokens');
      const listed = await http.get('/__simulator/operators');
      const refused = await http.get('/api/company/organization', {
        headers: { Authorization: `Bearer ${token}` },
      });

      expect(listed.data).toEqual([{ id: 100, name: 'Alex', status: 0, organizationId: 6 }]);
      expect(refused.status).toBe(401);
    });
  });
});
