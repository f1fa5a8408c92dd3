import axios, { type AxiosInstance } from 'axios';

import { generateUserSig } from '@app/platforms/tencent-chat/tencent-usersig';
import { TencentChatSimulator } from '@app/simulator/tencent-chat/tencent.simulator';
import { TENCENT_ROUTES, type TencentSimulatorOptions } from '@app/simulator/tencent-chat/tencent.types';

const APP = { sdkAppId: 1400000000, secretKey: 'sim-secret' };
const NOW = Date.parse('2025-03-01T10:00:00Z');

const sig = (
  identifier = 'administrator',
  overrides: { secretKey?: string; sdkAppId?: number; nowMs?: number } = {},
) => generateUserSig({ ...APP, identifier, expireSeconds: 86_400, nowMs: NOW, ...overrides });

describe(TencentChatSimulator.name, () => {
  let sut: TencentChatSimulator;
  let http: AxiosInstance;

  const start = async (options: Partial<TencentSimulatorOptions> = {}) => {
    sut = new TencentChatSimulator({ ...APP, now: () => NOW, ...options });
    http = axios.create({ baseURL: await sut.start(), validateStatus: () => true });
  };

  // A REST call as Tencent documents it; `query` overrides or removes (undefined) parameters.
  const call = async (path: string, body: unknown = {}, query: Record<string, unknown> = {}) => {
    const params = {
      sdkappid: APP.sdkAppId,
      identifier: 'administrator',
      usersig: sig(),
      random: 42,
      contenttype: 'json',
      ...query,
    };
    const res = await http.post<Record<string, unknown>>(path, body, { params });
    expect(res.status).toBe(200);
    return res.data;
  };

  beforeEach(() => start());

  afterEach(async () => {
    await sut.stop();
  });

  describe('UserSig and query checks', () => {
    it('should answer OK when the admin UserSig is valid', async () => {
      await expect(
        call('/v4/im_open_login_svc/account_check', { CheckItem: [{ UserID: 'administrator' }] }),
      ).resolves.toMatchObject({
        ActionStatus: 'OK',
        ErrorCode: 0,
        ResultItem: [{ UserID: 'administrator', ResultCode: 0, AccountStatus: 'Imported' }],
      });
    });

    it.each([
      ['the SDKAppID is unknown', { sdkappid: 1400000001 }, 70020],
      ['the UserSig is missing', { usersig: undefined }, 70002],
      ['the UserSig does not decode', { usersig: 'bm90LXpsaWI_' }, 70003],
      ['the UserSig is for another app', { usersig: sig('administrator', { sdkAppId: 1400000001 }) }, 70014],
      ['the UserSig is for another identifier', { identifier: 'admin2' }, 70013],
      ['the UserSig has expired', { usersig: sig('administrator', { nowMs: NOW - 86_401_000 }) }, 70001],
      [
        'the UserSig was signed with another key',
        { usersig: sig('administrator', { secretKey: 'other' }) },
        70009,
      ],
      ['the identifier is not an admin', { identifier: 'op_1', usersig: sig('op_1') }, 60010],
      ['random is missing', { random: undefined }, 90001],
      ['random is larger than a uint32', { random: 4_294_967_296 }, 90001],
      ['contenttype is not json', { contenttype: 'xml' }, 90001],
    ])('should answer 200 with the error code when %s', async (_case, query, code) => {
      const body = await call('/v4/im_open_login_svc/account_check', { CheckItem: [{ UserID: 'a' }] }, query);

      expect(body).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: code });
      expect(typeof body.ErrorInfo).toBe('string');
    });

    it.each([
      ['the body is empty', ''],
      ['the body is malformed JSON', '{"CheckItem":'],
    ])('should answer 90001 when %s', async (_case, raw) => {
      const res = await http.post('/v4/im_open_login_svc/account_check', raw, {
        params: {
          sdkappid: APP.sdkAppId,
          identifier: 'administrator',
          usersig: sig(),
          random: 1,
          contenttype: 'json',
        },
        headers: { 'content-type': 'application/json' },
        transformRequest: [(data: unknown) => data],
      });

      expect([res.status, (res.data as { ErrorCode: number }).ErrorCode]).toEqual([200, 90001]);
    });

    it('should answer 200 with an envelope when the command does not exist', async () => {
      await expect(call('/v4/im_open_login_svc/nope')).resolves.toMatchObject({
        ActionStatus: 'FAIL',
        ErrorCode: 90001,
      });
    });

    it('should answer 60018 with HTTP 200 when the rate limit is exceeded', async () => {
      sut.setRateLimit({ requestsPerSecond: 1, burst: 1 });

      await call('/v4/im_open_login_svc/kick', { UserID: 'administrator' });
      const limited = await call('/v4/im_open_login_svc/kick', { UserID: 'administrator' });

      expect(limited).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 60018 });
    });
  });

  describe('accounts and profiles', () => {
    it('should import idempotently and list refused ids in FailAccounts', async () => {
      sut.seed({ accounts: [{ userId: 'a', nick: 'Anna' }] });

      const body = await call('/v4/im_open_login_svc/multiaccount_import', {
        Accounts: ['a', 'b', 'x'.repeat(33)],
      });

      expect(body).toMatchObject({ ActionStatus: 'OK', FailAccounts: ['x'.repeat(33)] });
      expect(sut.accounts().map((a) => [a.userId, a.nick])).toEqual([
        ['administrator', undefined],
        ['a', 'Anna'],
        ['b', undefined],
      ]);
    });

    it('should answer 70402 when more than 100 accounts are imported at once', async () => {
      const accounts = Array.from({ length: 101 }, (_, i) => `op${i}`);

      await expect(
        call('/v4/im_open_login_svc/multiaccount_import', { Accounts: accounts }),
      ).resolves.toMatchObject({ ErrorCode: 70402 });
      expect(sut.accounts()).toHaveLength(1);
    });

    it('should set and read nicks with per-account result codes', async () => {
      sut.seed({ accounts: [{ userId: 'a' }] });

      await call('/v4/profile/portrait_set', {
        From_Account: 'a',
        ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'Anna' }],
      });
      const body = await call('/v4/profile/portrait_get', {
        To_Account: ['a', 'ghost'],
        TagList: ['Tag_Profile_IM_Nick'],
      });

      expect(body.UserProfileItem).toEqual([
        {
          To_Account: 'a',
          ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'Anna' }],
          ResultCode: 0,
          ResultInfo: '',
        },
        { To_Account: 'ghost', ProfileItem: [], ResultCode: 40003, ResultInfo: 'user does not exist' },
      ]);
    });

    it('should answer 40601 and keep the nick when the nick is longer than 500 bytes', async () => {
      sut.seed({ accounts: [{ userId: 'a', nick: 'Anna' }] });

      const body = await call('/v4/profile/portrait_set', {
        From_Account: 'a',
        ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'é'.repeat(251) }],
      });

      expect(body.ErrorCode).toBe(40601);
      expect(sut.account('a')?.nick).toBe('Anna');
    });

    it('should count kicks and take the account offline when it is kicked', async () => {
      sut.seed({ accounts: [{ userId: 'a', state: 'Online' }] });

      await call('/v4/im_open_login_svc/kick', { UserID: 'a' });

      expect(sut.kickCount('a')).toBe(1);
      expect(sut.account('a')?.state).toBe('Offline');
      await expect(call('/v4/im_open_login_svc/kick', { UserID: 'ghost' })).resolves.toMatchObject({
        ErrorCode: 70107,
      });
    });

    it('should delete per account on a Trial app and refuse with 71000 on a Pro app', async () => {
      sut.seed({ accounts: [{ userId: 'a' }, { userId: 'b' }] });

      const trial = await call('/v4/im_open_login_svc/account_delete', {
        DeleteItem: [{ UserID: 'a' }, { UserID: 'ghost' }],
      });
      sut.setEdition('pro');
      const pro = await call('/v4/im_open_login_svc/account_delete', { DeleteItem: [{ UserID: 'b' }] });

      expect(trial.ResultItem).toEqual([
        { UserID: 'a', ResultCode: 0, ResultInfo: '' },
        { UserID: 'ghost', ResultCode: 70107, ResultInfo: 'user does not exist' },
      ]);
      expect(pro).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 71000 });
      expect(sut.account('b')).toBeDefined();
    });

    it.each(['State', 'Status'] as const)(
      'should name the online state field %s when configured so',
      async (field) => {
        await sut.stop();
        await start({ onlineStatusField: field });
        sut.seed({ accounts: [{ userId: 'a', state: 'PushOnline' }] });

        const body = await call('/v4/openim/query_online_status', {
          To_Account: ['a', 'ghost'],
          IsNeedDetail: 1,
        });

        expect(body.QueryResult).toEqual([{ To_Account: 'a', [field]: 'PushOnline', Detail: [] }]);
        expect(body.ErrorList).toEqual([{ To_Account: 'ghost', ErrorCode: 70107 }]);
      },
    );

    it('should answer 90011 when more than 500 accounts are queried', async () => {
      const ids = Array.from({ length: 501 }, (_, i) => `op${i}`);

      await expect(call('/v4/openim/query_online_status', { To_Account: ids })).resolves.toMatchObject({
        ErrorCode: 90011,
      });
    });
  });

  describe('Desk member status', () => {
    const setStatus = (body: Record<string, unknown>) => call('/v4/desk_http_svc/set_member_status', body);

    it('should answer 141000 when the app has no Desk', async () => {
      await expect(setStatus({ MemberMail: 'a@x.com', Status: 'STATUS_FREE' })).resolves.toMatchObject({
        ErrorCode: 141000,
      });
    });

    describe('on a Desk app', () => {
      beforeEach(async () => {
        await sut.stop();
        await start({ desk: true, restReasons: ['lunch'] });
        sut.seed({ deskMembers: [{ email: 'a@x.com' }] });
      });

      it('should store the status and the rest reason when both are valid', async () => {
        await expect(
          setStatus({ MemberMail: 'a@x.com', Status: 'STATUS_REST', RestReason: 'lunch' }),
        ).resolves.toMatchObject({ ErrorCode: 0 });
        expect(sut.deskMember('a@x.com')).toEqual({
          email: 'a@x.com',
          status: 'STATUS_REST',
          restReason: 'lunch',
        });
      });

      it.each([
        ['the status is unknown', { MemberMail: 'a@x.com', Status: 'STATUS_OFFLINE' }, 141004],
        [
          'the rest reason is not configured',
          { MemberMail: 'a@x.com', Status: 'STATUS_REST', RestReason: 'nap' },
          141004,
        ],
        [
          'a rest reason comes without STATUS_REST',
          { MemberMail: 'a@x.com', Status: 'STATUS_FREE', RestReason: 'lunch' },
          141004,
        ],
        ['the member does not exist', { MemberMail: 'b@x.com', Status: 'STATUS_FREE' }, 141010],
      ])('should answer the error code and keep the status when %s', async (_case, body, code) => {
        await expect(setStatus(body)).resolves.toMatchObject({ ErrorCode: code });
        expect(sut.deskMember('a@x.com')?.status).toBe('STATUS_NOT_READY');
      });
    });
  });

  describe('error injection and control routes', () => {
    it('should answer an injected code for N calls and then behave again', async () => {
      sut.injectError({ route: TENCENT_ROUTES.accountCheck, code: 60018, times: 2 });
      const body = { CheckItem: [{ UserID: 'a' }] };

      const codes = [];
      for (let i = 0; i < 3; i += 1) {
        codes.push((await call('/v4/im_open_login_svc/account_check', body)).ErrorCode);
      }

      expect(codes).toEqual([60018, 60018, 0]);
    });

    it('should apply the call and still answer the error when injected after', async () => {
      sut.injectError({ route: TENCENT_ROUTES.multiaccountImport, code: 70500, phase: 'after' });

      await expect(
        call('/v4/im_open_login_svc/multiaccount_import', { Accounts: ['a'] }),
      ).resolves.toMatchObject({ ErrorCode: 70500 });
      expect(sut.account('a')).toBeDefined();
    });

    it('should seed, list, inject and reset over the control routes when driven from another process', async () => {
      await http.post('/__simulator/seed', { accounts: [{ userId: 'a', nick: 'Anna' }] });
      await http.post('/__simulator/errors', { route: TENCENT_ROUTES.kick, code: 70500 });
      const listed = await http.get('/__simulator/accounts');
      const kicked = await call('/v4/im_open_login_svc/kick', { UserID: 'a' });
      await http.post('/__simulator/reset');

      expect(listed.data).toEqual([
        { userId: 'administrator', state: 'Offline', kicks: 0, profile: {} },
        { userId: 'a', nick: 'Anna', state: 'Offline', kicks: 0, profile: { Tag_Profile_IM_Nick: 'Anna' } },
      ]);
      expect(kicked.ErrorCode).toBe(70500);
      expect(sut.accounts().map((a) => a.userId)).toEqual(['administrator']);
      expect(sut.totalCalls()).toBe(0);
    });

    it('should count only writes as writes when reads and writes are called', async () => {
      await call('/v4/im_open_login_svc/account_check', { CheckItem: [{ UserID: 'a' }] });
      await call('/v4/im_open_login_svc/multiaccount_import', { Accounts: ['a'] });
      await call('/v4/profile/portrait_get', { To_Account: ['a'], TagList: ['Tag_Profile_IM_Nick'] });

      expect(sut.writeCalls()).toBe(1);
      expect(sut.totalCalls()).toBe(3);
    });
  });
});
