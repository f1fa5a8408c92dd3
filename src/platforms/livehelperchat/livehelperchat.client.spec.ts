import { PlatformHttpClient } from '@app/platforms/http/platform-http-client';
import { LiveHelperChatClient } from '@app/platforms/livehelperchat/livehelperchat.client';
import { stripPasswords } from '@app/platforms/livehelperchat/livehelperchat-response';
import {
  TEST_API,
  lhcConfig,
  recordingContext,
} from '@app/platforms/livehelperchat/testing/livehelperchat.fixtures';
import { PlatformErrorCode } from '@app/core/platform-error';
import { LHC_ROUTES, LiveHelperChatSimulator, type LhcSimulatorOptions } from '@app/simulator';

describe(LiveHelperChatClient.name, () => {
  let sim: LiveHelperChatSimulator;
  let sut: LiveHelperChatClient;

  const clientFor = (baseUrl: string): LiveHelperChatClient => {
    const config = lhcConfig(baseUrl);
    const context = recordingContext();
    const http = new PlatformHttpClient({
      connectorId: config.id,
      baseUrl,
      timeoutMs: 2000,
      rateLimit: 1000,
      redactor: context.redactor,
      backoffMs: 1,
    });
    return new LiveHelperChatClient({ config, http });
  };
  const start = async (options: LhcSimulatorOptions = {}, basePath = '') => {
    sim = new LiveHelperChatSimulator(options);
    await sim.start();
    sim.seed({
      departments: [{ id: 1, name: 'Sales', autoAssign: true }],
      users: [
        { username: TEST_API.username, allDepartments: true },
        { username: 'anna', email: 'anna@example.com', departments: [1], active: true, invisible: true },
      ],
      apiKeys: [{ username: TEST_API.username, apiKey: TEST_API.apiKey }],
    });
    sut = clientFor(`${sim.baseUrl}${basePath}`);
  };

  afterEach(async () => {
    await sut.close();
    await sim.stop();
  });

  it.each(['', '/index.php', '/index.php/'])(
    'should reach /restapi when the base URL is "%s"',
    async (basePath) => {
      await start({}, basePath);

      await expect(sut.getUsers()).resolves.toHaveLength(2);
      expect(sim.requests(LHC_ROUTES.getUsers)[0].path).toBe(
        `${basePath.replace(/\/$/, '')}/restapi/getusers`,
      );
    },
  );

  it('should fail with CONFIG when the base URL is not the LHC REST API', async () => {
    await start({}, '/lhc');

    await expect(sut.getUsers()).rejects.toMatchObject({ code: PlatformErrorCode.CONFIG, status: 404 });
  });

  it('should read ids and flags when PHP answers them as numeric strings', async () => {
    await start({ numbersAsStrings: true });

    const [row] = await sut.onlineUsers(1);
    const user = await sut.getUser(row.userId);

    expect(row).toMatchObject({ depId: 1, isOnline: true, readOnly: false, user: { invisible: true } });
    expect(user).toMatchObject({ username: 'anna', departmentIds: [1], disabled: false });
  });

  it('should map AUTH_FAILED and REJECTED when LHC refuses for permission or validation', async () => {
    await start();
    const denied = {
      error: true,
      result: 'You do not have permission to list a users. `lhuser`, `userlist` is required.',
    };
    sim.inject({ kind: 'status', status: 400, route: LHC_ROUTES.getUser, body: denied });

    await expect(sut.getUser('2')).rejects.toMatchObject({
      code: PlatformErrorCode.AUTH_FAILED,
      status: 400,
    });
    await expect(sut.createUser({ username: 'x' })).rejects.toMatchObject({
      code: PlatformErrorCode.REJECTED,
      message: expect.stringContaining('Password missing'),
    });
  });

  it('should keep the generated password out of the error when a failed create echoes it', async () => {
    await start();
    const password = 'Generated-Secret-Password-42!';
    sim.inject({
      kind: 'status',
      status: 500,
      route: LHC_ROUTES.createUser,
      body: `<pre>password=${password}</pre>`,
    });

    const failure = sut.createUser({
      username: 'olena',
      password,
      email: 'o@example.com',
      name: 'O',
      user_groups: [1],
    });

    await expect(failure).rejects.toMatchObject({ code: PlatformErrorCode.TEMPORARY });
    await expect(failure).rejects.toHaveProperty('message', expect.not.stringContaining(password));
    expect(sim.calls(LHC_ROUTES.createUser)).toBe(1);
  });

  it('should never return a password field when a create answers with the hash and the plaintext', async () => {
    await start();

    const created = await sut.createUser({
      username: 'olena',
      password: 'Plain-Text-123',
      email: 'olena@example.com',
      name: 'Olena',
      user_groups: [1],
    });

    expect(JSON.stringify(created)).not.toMatch(/Plain-Text-123|\$2y\$/);
  });
});

describe(stripPasswords.name, () => {
  it('should remove the password fields in place when the body holds users', () => {
    const body = {
      error: false,
      result: [
        {
          id: 1,
          password: 'hash',
          password_temp_1: 'plain',
          password_front: 'plain',
          user: { password: 'h' },
        },
      ],
    };

    stripPasswords(body);

    expect(body).toEqual({ error: false, result: [{ id: 1, user: {} }] });
  });
});
