import axios, { type AxiosInstance } from 'axios';

import { chatHubCompanyGuard } from '@app/simulator/smsbat-chathub/chathub-auth.guard';
import { ChatHubSimulator } from '@app/simulator/smsbat-chathub/chathub.simulator';

const DASHBOARD_KEY = 'dashboard-profile-key';

describe(chatHubCompanyGuard.name, () => {
  let sim: ChatHubSimulator;
  let http: AxiosInstance;

  beforeEach(async () => {
    sim = new ChatHubSimulator({
      companyKeys: [DASHBOARD_KEY],
      credentials: [{ login: 'acme', password: 's3cret' }],
    });
    sim.seed({
      organizations: [{ id: 24, name: 'Customer Support' }],
      operators: [{ name: 'Alex', organizationId: 24 }],
    });
    http = axios.create({ baseURL: await sim.start(), validateStatus: () => true });
  });

  afterEach(async () => {
    await sim.stop();
  });

  async function companyToken(): Promise<string> {
    const res = await http.post<string>('/api/company/get-token', { login: 'acme', password: 's3cret' });
    return res.data;
  }

  it.each([
    ['Authorization: Bearer', { Authorization: `Bearer ${DASHBOARD_KEY}` }],
    ['X-Authorization-Key', { 'X-Authorization-Key': DASHBOARD_KEY }],
  ])('should accept the dashboard key when it is sent as %s', async (_name, headers) => {
    const res = await http.get('/api/company/organization', { headers });

    expect(res.status).toBe(200);
    expect(res.data).toEqual([{ id: 24, name: 'Customer Support' }]);
  });

  it('should accept an issued company token when it is sent as Bearer or X-Authorization-Key', async () => {
    const token = await companyToken();

    const bearer = await http.get('/api/company/organization', {
      headers: { Authorization: `Bearer ${token}` },
    });
    const key = await http.get('/api/company/organization', { headers: { 'X-Authorization-Key': token } });

    expect([bearer.status, key.status]).toEqual([200, 200]);
  });

  it.each([
    ['no token is sent', {}],
    ['the token is unknown', { Authorization: 'Bearer not-a-token' }],
    ['the scheme is not Bearer', { Authorization: `Basic ${DASHBOARD_KEY}` }],
    ['X-Authorization-Key is empty', { 'X-Authorization-Key': '' }],
  ])('should answer 401 with a Bearer challenge when %s', async (_case, headers) => {
    const res = await http.get('/api/company/organization', { headers });

    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.data).toBe('');
  });

  it('should answer 401 for issued tokens but keep the dashboard key working when tokens are expired', async () => {
    const token = await companyToken();

    sim.expireIssuedTokens();
    const issued = await http.get('/api/company/organization', {
      headers: { Authorization: `Bearer ${token}` },
    });
    const dashboard = await http.get('/api/company/organization', {
      headers: { 'X-Authorization-Key': DASHBOARD_KEY },
    });
    const fresh = await http.get('/api/company/organization', {
      headers: { Authorization: `Bearer ${await companyToken()}` },
    });

    expect(issued.status).toBe(401);
    expect(issued.headers['www-authenticate']).toContain('invalid_token');
    expect([dashboard.status, fresh.status]).toEqual([200, 200]);
  });

  it('should answer 403 when an operator token is used on a company route', async () => {
    const expiresAt = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const minted = await http.post<string>(
      '/api/operator/get-token',
      { id: 100, expiresAt },
      { headers: { 'X-Authorization-Key': DASHBOARD_KEY } },
    );

    const res = await http.get('/api/operator', {
      params: { organizationId: 24 },
      headers: { Authorization: `Bearer ${minted.data}` },
    });

    expect(minted.status).toBe(200);
    expect(res.status).toBe(403);
  });

  it('should answer 401 and create nothing when an unauthenticated write arrives', async () => {
    const res = await http.post('/api/operator/synchronize', [{ organizationId: 24, name: 'Eve' }]);

    expect(res.status).toBe(401);
    expect(sim.operators()).toHaveLength(1);
    expect(sim.calls('POST /api/operator/synchronize')).toBe(1);
    expect(sim.validationErrors()).toEqual([]);
  });
});
