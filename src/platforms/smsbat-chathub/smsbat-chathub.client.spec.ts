import type { ChatHubConnectorConfig } from '@app/core/config.types';
import { PlatformHttpClient } from '@app/platforms/http/platform-http-client';
import { PlatformErrorCode } from '@app/core/platform-error';
import { ChatHubClient } from '@app/platforms/smsbat-chathub/smsbat-chathub.client';
import { CHATHUB_ROUTES, ChatHubSimulator } from '@app/simulator';

const config = (baseUrl: string, auth: ChatHubConnectorConfig['auth']): ChatHubConnectorConfig => ({
  id: 'chathub',
  type: 'smsbat-chathub',
  enabled: true,
  baseUrl,
  timeoutMs: 2000,
  schedule: { kind: 'interval', ms: 60_000, text: '1m' },
  rateLimit: 1000,
  allowDeletes: false,
  webhook: { insecure: false },
  auth,
  options: { organizationId: 24 },
});

describe(ChatHubClient.name, () => {
  const simulator = new ChatHubSimulator({ credentials: [{ login: 'acme', password: 'pa55word' }] });
  let registered: string[];

  const sut = (auth: ChatHubConnectorConfig['auth']) => {
    const c = config(simulator.baseUrl, auth);
    const http = new PlatformHttpClient({
      connectorId: c.id,
      baseUrl: c.baseUrl,
      timeoutMs: c.timeoutMs,
      rateLimit: c.rateLimit,
      backoffMs: 5,
      redactor: { redact: (text) => text },
    });
    return new ChatHubClient({ config: c, http, registerSecret: (value) => registered.push(value) });
  };

  beforeAll(async () => {
    await simulator.start();
  });

  beforeEach(() => {
    simulator.reset();
    simulator.seed({
      organizations: [{ id: 24, name: 'Support' }],
      operators: [{ name: 'Alex', organizationId: 24 }],
    });
    registered = [];
  });

  afterAll(() => simulator.stop());

  it.each(['string', 'object'] as const)(
    'should log in and register the token as a secret when get-token answers the %s shape',
    async (shape) => {
      simulator.setTokenResponseShape(shape);
      const client = sut({ login: 'acme', password: 'pa55word' });
      expect(await client.listOperators(24)).toEqual([expect.objectContaining({ name: 'Alex' })]);
      expect(registered).toHaveLength(1);
      expect(simulator.calls(CHATHUB_ROUTES.companyGetToken)).toBe(1);
      await client.close();
    },
  );

  it('should log in again, once, when the token expired', async () => {
    const client = sut({ login: 'acme', password: 'pa55word' });
    await client.listOperators(24);
    simulator.expireIssuedTokens();
    expect(await client.listOperators(24)).toHaveLength(1);
    expect(simulator.calls(CHATHUB_ROUTES.companyGetToken)).toBe(2);
    await client.close();
  });

  it('should fail with AUTH_FAILED and not loop when the login itself is refused', async () => {
    const client = sut({ login: 'acme', password: 'wrong' });
    await expect(client.listOperators(24)).rejects.toMatchObject({ code: PlatformErrorCode.AUTH_FAILED });
    expect(simulator.calls(CHATHUB_ROUTES.companyGetToken)).toBe(1);
    await client.close();
  });

  it('should treat the empty 200 of a status change as success', async () => {
    const client = sut({ login: 'acme', password: 'pa55word' });
    const [alex] = await client.listOperators(24);
    await client.setStatus(alex.id, 1);
    expect(simulator.operators()[0].status).toBe(1);
    await client.close();
  });
});
