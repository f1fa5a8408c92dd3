import {
  type LiveHelperChatAdapter,
  createLiveHelperChatAdapter,
} from '@app/platforms/livehelperchat/livehelperchat.adapter';
import {
  TEST_API,
  lhcConfig,
  operator,
  recordingContext,
} from '@app/platforms/livehelperchat/testing/livehelperchat.fixtures';
import { DEFAULT_RETRIES } from '@app/platforms/http/platform-http-client';
import { PlatformErrorCode } from '@app/core/platform-error';
import { LHC_ROUTES, LiveHelperChatSimulator } from '@app/simulator';
import type { RouteKey } from '@app/simulator/framework/simulator.types';

/** The first send and the HTTP client's retries. */
const ATTEMPTS = DEFAULT_RETRIES + 1;

/** What a real LHC 4.90 answers when MariaDB picked the request's transaction as deadlock victim. */
const DEADLOCK_ANSWER = {
  error: true,
  result:
    'SQLSTATE[40001]: Serialization failure: 1213 Deadlock found when trying to get lock; try restarting transaction',
};

describe('LiveHelperChat adapter when MariaDB answers a deadlock', () => {
  let sim: LiveHelperChatSimulator;
  let sut: LiveHelperChatAdapter;

  beforeEach(async () => {
    sim = new LiveHelperChatSimulator();
    await sim.start();
    sim.seed({
      departments: [{ id: 1, name: 'Sales' }],
      users: [{ username: TEST_API.username, email: 'bridge@example.invalid', name: 'chat-bridge' }],
      apiKeys: [{ username: TEST_API.username, apiKey: TEST_API.apiKey }],
    });
    sut = createLiveHelperChatAdapter(lhcConfig(sim.baseUrl), recordingContext());
  });

  afterEach(async () => {
    await sut.close();
    await sim.stop();
  });

  const deadlock = (route: RouteKey, times: number) =>
    sim.inject({ kind: 'status', status: 400, body: DEADLOCK_ANSWER, route, times, phase: 'before' });

  it('should send a create again, and create the user once, when the first two sends deadlock', async () => {
    deadlock(LHC_ROUTES.createUser, 2);

    const result = await sut.createOperators({ operators: [operator('olena')] });

    expect(result.failed).toEqual([]);
    expect(result.created.map((c) => c.key)).toEqual(['olena']);
    expect(sim.calls(LHC_ROUTES.createUser)).toBe(3);
    expect(sim.userByUsername('olena')).toBeDefined();
  });

  it('should let the refusal stand after its last attempt when every send deadlocks', async () => {
    deadlock(LHC_ROUTES.createUser, ATTEMPTS);

    const result = await sut.createOperators({ operators: [operator('olena')] });

    expect(result.created).toEqual([]);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0].error).toMatchObject({ code: PlatformErrorCode.REJECTED });
    expect(result.failed[0].error.message).toContain('Deadlock found');
    expect(sim.calls(LHC_ROUTES.createUser)).toBe(ATTEMPTS);
    expect(sim.userByUsername('olena')).toBeUndefined();
  });

  it('should not send again a refusal that is not a deadlock', async () => {
    sim.inject({
      kind: 'status',
      status: 400,
      body: { error: true, result: 'Please enter a valid email address' },
      route: LHC_ROUTES.createUser,
      phase: 'before',
    });

    const result = await sut.createOperators({ operators: [operator('olena')] });

    expect(result.failed.map((f) => f.key)).toEqual(['olena']);
    expect(sim.calls(LHC_ROUTES.createUser)).toBe(1);
  });
});
