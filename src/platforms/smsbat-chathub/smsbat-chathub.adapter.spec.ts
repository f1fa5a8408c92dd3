import type { ChatHubConnectorConfig } from '@app/core/config.types';
import type { DesiredOperator } from '@app/core/operator.types';
import { createAdapter } from '@app/platforms/adapter-factories';
import type { ChatPlatformAdapter } from '@app/platforms/chat-platform.adapter';
import { PlatformErrorCode } from '@app/core/platform-error';
import { CHATHUB_ROUTES, ChatHubSimulator } from '@app/simulator';
import { waitFor } from '@app/simulator/framework/testing/wait-for';

const TIMEOUT_MS = 100;

const config = (baseUrl: string): ChatHubConnectorConfig => ({
  id: 'chathub',
  type: 'smsbat-chathub',
  enabled: true,
  baseUrl,
  timeoutMs: TIMEOUT_MS,
  schedule: { kind: 'interval', ms: 60_000, text: '1m' },
  rateLimit: 1000,
  allowDeletes: false,
  webhook: { insecure: false },
  auth: { companyToken: 'good-token' },
  options: { organizationId: 24 },
});

const operator = (key: string, name: string): DesiredOperator => ({
  key,
  name,
  role: 'agent',
  status: 'active',
});

describe('SmsbatChathubAdapter', () => {
  const sim = new ChatHubSimulator({ companyKeys: ['good-token'] });
  let waits: number[];
  let sut: ChatPlatformAdapter;
  const named = (name: string) => sim.operators().filter((o) => o.name === name);

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());

  beforeEach(() => {
    sim.reset();
    sim.seed({ organizations: [{ id: 24, name: 'Support' }] });
    waits = [];
    // The read-back waits are recorded, not waited: the reads follow one another at once.
    const sleep = (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    };
    sut = createAdapter(config(sim.baseUrl), {
      redactor: { redact: (text) => text },
      registerSecret: () => undefined,
      observer: () => undefined,
      retryBackoffMs: 1,
      sleep,
    });
  });

  afterEach(() => sut.close?.());

  it('should synchronize once and pair the answer by name when ChatHub answers in time', async () => {
    const result = await sut.createOperators({ operators: [operator('a', ' Anna '), operator('b', 'Bob')] });

    expect(result.created.map((c) => [c.key, c.remote.name])).toEqual([
      ['a', 'Anna'],
      ['b', 'Bob'],
    ]);
    expect(result.failed).toEqual([]);
    expect(result.unknown).toEqual([]);
    expect(sim.calls(CHATHUB_ROUTES.synchronize)).toBe(1);
  });

  it('should never send the names again, and report them unknown, when synchronize lands after the timeout', async () => {
    // The reported bug: the answer comes after the timeout and the platform applies it anyway.
    sim.inject({ kind: 'latency', route: CHATHUB_ROUTES.synchronize, ms: 1000 });

    const result = await sut.createOperators({ operators: [operator('a', 'Anna'), operator('b', 'Bob')] });

    expect(result.failed).toEqual([]);
    expect(result.unknown.map((u) => u.key)).toEqual(['a', 'b']);
    expect(result.unknown[0].error).toMatchObject({
      code: PlatformErrorCode.TEMPORARY,
      outcomeUnknown: true,
    });
    expect(waits).toEqual([TIMEOUT_MS + 1000, 2000, 4000]);
    expect(sim.calls(CHATHUB_ROUTES.operators)).toBe(3);
    expect(sim.calls(CHATHUB_ROUTES.synchronize)).toBe(1);
    await waitFor(() => named('Anna').length > 0, 10_000);
    expect(named('Anna')).toHaveLength(1);
    expect(named('Bob')).toHaveLength(1);
  });

  it('should report created after reading back when the connection dropped after synchronize was applied', async () => {
    sim.inject({ kind: 'disconnect', route: CHATHUB_ROUTES.synchronize, phase: 'after' });

    const result = await sut.createOperators({ operators: [operator('a', 'Anna')] });

    expect(result.created).toEqual([
      { key: 'a', remote: expect.objectContaining({ remoteId: String(named('Anna')[0].id), name: 'Anna' }) },
    ]);
    expect(result.unknown).toEqual([]);
    expect(waits).toEqual([TIMEOUT_MS + 1000]);
    expect(sim.calls(CHATHUB_ROUTES.synchronize)).toBe(1);
  });

  it('should read back at once, without waiting, after a 500 from ChatHub itself', async () => {
    sim.inject({ kind: 'status', status: 500, route: CHATHUB_ROUTES.synchronize, phase: 'after' });

    const result = await sut.createOperators({ operators: [operator('a', 'Anna')] });

    expect(result.created.map((c) => c.key)).toEqual(['a']);
    expect(waits).toEqual([0]);
    expect(named('Anna')).toHaveLength(1);
  });

  it('should fail, not guess, when the name read back now matches several operators', async () => {
    sim.seed({ operators: [{ name: 'Anna', organizationId: 24 }] });
    sim.inject({ kind: 'disconnect', route: CHATHUB_ROUTES.synchronize, phase: 'after' });

    const result = await sut.createOperators({ operators: [operator('a', 'Anna')] });

    expect(result.failed).toEqual([
      { key: 'a', error: expect.objectContaining({ code: PlatformErrorCode.REJECTED }) },
    ]);
    expect(result.failed[0].error.message).toContain('2 operators named "Anna"');
  });

  it('should fail without reading back when ChatHub refuses the batch', async () => {
    sim.inject({ kind: 'status', status: 400, route: CHATHUB_ROUTES.synchronize });

    const result = await sut.createOperators({ operators: [operator('a', 'Anna')] });

    expect(result.failed).toEqual([
      { key: 'a', error: expect.objectContaining({ code: PlatformErrorCode.REJECTED }) },
    ]);
    expect(waits).toEqual([]);
    expect(sim.calls(CHATHUB_ROUTES.operators)).toBe(0);
  });
});
