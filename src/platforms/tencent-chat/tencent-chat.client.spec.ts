import { PlatformHttpClient } from '@app/platforms/http/platform-http-client';
import { PlatformErrorCode } from '@app/core/platform-error';
import { TencentChatClient } from '@app/platforms/tencent-chat/tencent-chat.client';
import { TENCENT_COMMANDS } from '@app/platforms/tencent-chat/tencent-chat.options';
import {
  TEST_APP,
  recordingContext,
  tencentConfig,
} from '@app/platforms/tencent-chat/testing/tencent-chat.fixtures';
import { UserSigCache, verifyUserSig } from '@app/platforms/tencent-chat/tencent-usersig';
import { TENCENT_ROUTES, TencentChatSimulator } from '@app/simulator';

const T0 = Date.parse('2025-03-01T10:00:00Z');
const DAY_S = 86_400;

describe(TencentChatClient.name, () => {
  let sim: TencentChatSimulator;
  let simNow: number;
  let context: ReturnType<typeof recordingContext>;
  let sut: TencentChatClient;

  const build = (secretKey: string = TEST_APP.secretKey, identifier: string = TEST_APP.identifier) => {
    const config = tencentConfig(sim.baseUrl, { auth: { secretKey, identifier } });
    const http = new PlatformHttpClient({
      connectorId: config.id,
      baseUrl: config.baseUrl,
      timeoutMs: 2000,
      rateLimit: 1000,
      redactor: context.redactor,
      observer: context.observer,
      backoffMs: 1,
    });
    const userSig = new UserSigCache({
      sdkAppId: config.auth.sdkAppId,
      identifier,
      secretKey,
      expireSeconds: DAY_S,
      now: () => T0,
      onIssued: context.registerSecret,
    });
    return new TencentChatClient({ config, http, userSig, backoffMs: 1 });
  };

  beforeEach(async () => {
    simNow = T0;
    sim = new TencentChatSimulator({ ...TEST_APP, admins: [TEST_APP.identifier], now: () => simNow });
    await sim.start();
    context = recordingContext();
    sut = build();
  });

  afterEach(async () => {
    await sut.close();
    await sim.stop();
  });

  describe('call', () => {
    it('should send the app, the admin, a valid UserSig, a uint32 random and contenttype=json', async () => {
      await sut.accountCheck(['a']);
      await sut.accountCheck(['b']);

      const [first, second] = sim.requests(TENCENT_ROUTES.accountCheck).map((r) => r.query);
      expect(first).toMatchObject({
        sdkappid: String(TEST_APP.sdkAppId),
        identifier: 'administrator',
        contenttype: 'json',
      });
      const check = verifyUserSig({ ...TEST_APP, userSig: String(first.usersig), nowMs: T0 });
      expect(check.ok).toBe(true);
      expect(Number(first.random)).toBeLessThanOrEqual(4_294_967_295);
      expect(String(first.random)).toMatch(/^\d+$/);
      expect(first.random).not.toBe(second.random);
    });

    it('should send {} when the command has no body', async () => {
      await expect(sut.call(TENCENT_COMMANDS.accountCheck)).rejects.toMatchObject({ platformCode: 70402 });

      expect(sim.requests(TENCENT_ROUTES.accountCheck)[0].body).toEqual({});
    });

    it('should name the route template, never the URL with its UserSig, when a call fails', async () => {
      sim.injectError({ route: TENCENT_ROUTES.kick, code: 40001 });

      const error = (await sut.kick('a').catch((e: unknown) => e)) as Error;

      expect(error.message).toContain('POST /v4/im_open_login_svc/kick');
      expect(error.message).not.toMatch(/usersig|sdkappid/i);
      expect(context.calls.map((c) => c.route)).toEqual(['POST /v4/im_open_login_svc/kick']);
    });

    it.each([
      ['a rate limit', 60018],
      ['a Desk rate limit', 141009],
      ['an internal error', 70500],
    ])('should back off and succeed when %s is answered twice', async (_case, code) => {
      sim.injectError({ route: TENCENT_ROUTES.accountCheck, code, times: 2 });

      await expect(sut.accountCheck(['a'])).resolves.toHaveLength(1);
      expect(sim.calls(TENCENT_ROUTES.accountCheck)).toBe(3);
    });

    it.each([
      ['RATE_LIMITED', 60018, PlatformErrorCode.RATE_LIMITED],
      ['TEMPORARY', 90994, PlatformErrorCode.TEMPORARY],
    ])('should fail with %s after three retries when the code persists', async (_name, code, expected) => {
      sim.injectError({ route: TENCENT_ROUTES.accountCheck, code, times: 'always' });

      await expect(sut.accountCheck(['a'])).rejects.toMatchObject({ code: expected, platformCode: code });
      expect(sim.calls(TENCENT_ROUTES.accountCheck)).toBe(4);
    });

    it('should re-sign once and succeed when the UserSig is reported expired', async () => {
      sim.injectError({ route: TENCENT_ROUTES.accountCheck, code: 70001 });

      await expect(sut.accountCheck(['a'])).resolves.toHaveLength(1);
      expect(sim.calls(TENCENT_ROUTES.accountCheck)).toBe(2);
      expect(context.secrets).toHaveLength(2);
    });

    it('should fail with AUTH_FAILED after one re-sign when the new sig is expired too', async () => {
      simNow = T0 + (DAY_S + 1) * 1000;

      await expect(sut.accountCheck(['a'])).rejects.toMatchObject({
        code: PlatformErrorCode.AUTH_FAILED,
        platformCode: 70001,
      });
      expect(sim.calls(TENCENT_ROUTES.accountCheck)).toBe(2);
    });

    it.each([
      ['the secret key belongs to another app', 'another-apps-key', 'administrator', 70009],
      ['the identifier is not an admin', TEST_APP.secretKey, 'op_1', 60010],
    ])('should fail with AUTH_FAILED without retrying when %s', async (_case, key, identifier, code) => {
      await sut.close();
      sut = build(key, identifier);

      await expect(sut.accountCheck(['a'])).rejects.toMatchObject({
        code: PlatformErrorCode.AUTH_FAILED,
        platformCode: code,
      });
      expect(sim.calls(TENCENT_ROUTES.accountCheck)).toBe(1);
    });

    it('should stop for a minute without retrying when Tencent answers 70050', async () => {
      sim.injectError({ route: TENCENT_ROUTES.accountCheck, code: 70050 });

      const error = await sut.accountCheck(['a']).catch((e: unknown) => e);

      expect(error).toMatchObject({ code: PlatformErrorCode.RATE_LIMITED, retryAfterMs: 60_000 });
      expect(sim.calls(TENCENT_ROUTES.accountCheck)).toBe(1);
    });

    it('should retry a network-level 502 when it happens once', async () => {
      sim.inject({
        kind: 'status',
        status: 502,
        route: TENCENT_ROUTES.accountCheck,
        body: '<html>Bad Gateway</html>',
      });

      await expect(sut.accountCheck(['a'])).resolves.toHaveLength(1);
    });

    it('should try four times in all, one retry layer, when HTTP failures and error codes alternate', async () => {
      sim.inject({ kind: 'status', status: 502, route: TENCENT_ROUTES.accountCheck, times: 'always' });

      await expect(sut.accountCheck(['a'])).rejects.toMatchObject({
        code: PlatformErrorCode.TEMPORARY,
        status: 502,
      });
      expect(sim.calls(TENCENT_ROUTES.accountCheck)).toBe(4);

      sim.clearFaults();
      sim.inject([
        { kind: 'status', status: 503, route: TENCENT_ROUTES.accountCheck },
        {
          kind: 'status',
          status: 200,
          route: TENCENT_ROUTES.accountCheck,
          body: { ActionStatus: 'FAIL', ErrorCode: 70500, ErrorInfo: 'internal' },
        },
        { kind: 'status', status: 503, route: TENCENT_ROUTES.accountCheck },
        {
          kind: 'status',
          status: 200,
          route: TENCENT_ROUTES.accountCheck,
          body: { ActionStatus: 'FAIL', ErrorCode: 70500, ErrorInfo: 'internal' },
        },
      ]);
      sim.resetCounters();

      await expect(sut.accountCheck(['a'])).rejects.toMatchObject({ platformCode: 70500 });
      expect(sim.calls(TENCENT_ROUTES.accountCheck)).toBe(4);
    });

    it('should not send an import again when its connection dropped: the caller reads it back', async () => {
      sim.inject({ kind: 'disconnect', route: TENCENT_ROUTES.multiaccountImport, phase: 'after' });

      await expect(sut.multiaccountImport(['a'])).rejects.toMatchObject({ outcomeUnknown: true });
      expect(sim.calls(TENCENT_ROUTES.multiaccountImport)).toBe(1);
    });

    it('should retry a read whose connection dropped', async () => {
      sim.inject({ kind: 'disconnect', route: TENCENT_ROUTES.accountCheck });

      await expect(sut.accountCheck(['a'])).resolves.toHaveLength(1);
      expect(sim.calls(TENCENT_ROUTES.accountCheck)).toBe(2);
    });

    it('should fail with INVALID_RESPONSE when the answer has no envelope', async () => {
      sim.inject({
        kind: 'status',
        status: 200,
        route: TENCENT_ROUTES.accountCheck,
        body: { hello: 'world' },
      });

      await expect(sut.accountCheck(['a'])).rejects.toMatchObject({
        code: PlatformErrorCode.INVALID_RESPONSE,
      });
    });
  });

  describe('batch helpers', () => {
    it('should check 150 accounts in two calls of at most 100 when asked for 150', async () => {
      const ids = Array.from({ length: 150 }, (_, i) => `op_${i}`);
      sim.seed({ accounts: [{ userId: 'op_7' }] });

      const items = await sut.accountCheck(ids);

      expect(
        sim
          .requests(TENCENT_ROUTES.accountCheck)
          .map((r) => (r.body as { CheckItem: unknown[] }).CheckItem.length),
      ).toEqual([100, 50]);
      expect(items.filter((i) => i.AccountStatus === 'Imported').map((i) => i.UserID)).toEqual(['op_7']);
    });

    it('should report refused ids when multiaccount_import lists FailAccounts', async () => {
      const failed = await sut.multiaccountImport(['ok_1', 'x'.repeat(33)]);

      expect(failed).toEqual(['x'.repeat(33)]);
      expect(sim.account('ok_1')).toBeDefined();
    });

    it('should read nicks and per-account failures when portrait_get answers', async () => {
      sim.seed({ accounts: [{ userId: 'a', nick: 'Anna' }] });

      await expect(sut.getNicks(['a', 'ghost'])).resolves.toEqual([
        { userId: 'a', code: 0, info: '', nick: 'Anna' },
        { userId: 'ghost', code: 40003, info: 'user does not exist', nick: undefined },
      ]);
    });

    it('should report per-account results when account_delete answers', async () => {
      sim.seed({ accounts: [{ userId: 'a' }] });

      await expect(sut.accountDelete(['a', 'ghost'])).resolves.toEqual([
        { userId: 'a', code: 0, info: '' },
        { userId: 'ghost', code: 70107, info: 'user does not exist' },
      ]);
    });

    it.each(['State', 'Status'] as const)(
      'should read online states when the field is named %s',
      async (field) => {
        await sim.stop();
        sim = new TencentChatSimulator({ ...TEST_APP, onlineStatusField: field, now: () => simNow });
        await sim.start();
        await sut.close();
        sut = build();
        sim.seed({ accounts: [{ userId: 'a', state: 'PushOnline' }] });

        await expect(sut.queryOnlineStatus(['a', 'ghost'])).resolves.toEqual({
          states: [{ userId: 'a', state: 'PushOnline' }],
          errors: [{ userId: 'ghost', code: 70107 }],
        });
      },
    );

    it('should set a Desk member status by e-mail when the app has Desk', async () => {
      await sim.stop();
      sim = new TencentChatSimulator({ ...TEST_APP, desk: true, now: () => simNow });
      await sim.start();
      await sut.close();
      sut = build();
      sim.seed({ deskMembers: [{ email: 'anna@example.com' }] });

      await sut.setMemberStatus('anna@example.com', 'STATUS_REST');

      expect(sim.deskMember('anna@example.com')?.status).toBe('STATUS_REST');
      expect(sim.requests(TENCENT_ROUTES.setMemberStatus)[0].body).toEqual({
        MemberMail: 'anna@example.com',
        Status: 'STATUS_REST',
      });
    });
  });
});
