import axios, { type AxiosInstance } from 'axios';

import { testClock } from '@app/platforms/livehelperchat/testing/livehelperchat.fixtures';
import { LHC_ROUTES } from '@app/simulator/livehelperchat/lhc.types';
import { LiveHelperChatSimulator } from '@app/simulator/livehelperchat/livehelperchat.simulator';

const KEY = 'sim-key';

describe(LiveHelperChatSimulator.name, () => {
  let clock: ReturnType<typeof testClock>;
  let sut: LiveHelperChatSimulator;
  let http: AxiosInstance;
  let annaId: number;

  const rows = (userId: number) =>
    sut
      .departmentRows(userId)
      .map((r) => ({ dep: r.dep_id, exclude: r.exclude_autoasign, hide: r.hide_online }));
  const online = async (userId: number, depId?: number) => {
    const params = {
      include_offline: 'true',
      exclude_invisible: 'false',
      include_disabled: 'false',
      include_user: 'true',
    };
    const res = await http.get('/restapi/onlineusers', {
      params: depId ? { ...params, dep_id: depId } : params,
    });
    return (res.data as Array<Record<string, any>>).find((i) => Number(i.user_id) === userId);
  };

  beforeEach(async () => {
    clock = testClock();
    sut = new LiveHelperChatSimulator({ now: clock.now });
    const url = await sut.start();
    sut.seed({
      departments: [
        { id: 1, name: 'Sales', autoAssign: true },
        { id: 2, name: 'Support', autoAssign: true },
      ],
      users: [
        { username: 'bridge', allDepartments: true },
        { username: 'anna', email: 'anna@example.com', departments: [1, 2] },
      ],
      apiKeys: [{ username: 'bridge', apiKey: KEY }],
    });
    annaId = sut.userByUsername('anna')!.id;
    http = axios.create({
      baseURL: url,
      auth: { username: 'bridge', password: KEY },
      validateStatus: () => true,
    });
  });

  afterEach(async () => {
    await sut.stop();
  });

  describe('authentication', () => {
    it('should answer HTTP 200 with error true when getusers gets a wrong key', async () => {
      const res = await http.get('/restapi/getusers', { auth: { username: 'bridge', password: 'wrong' } });

      expect([res.status, res.data]).toEqual([200, { error: true, result: 'Authorization failed!' }]);
    });

    it('should answer HTTP 400 with error true when a user route gets no Authorization header', async () => {
      const res = await axios.get(`${sut.baseUrl}/restapi/user/${annaId}`, { validateStatus: () => true });

      expect([res.status, res.data]).toEqual([
        400,
        { error: true, result: 'Authorization header is missing!' },
      ]);
    });

    it('should refuse the key when the username is not its owner', async () => {
      const res = await http.get('/restapi/getusers', { auth: { username: 'anna', password: KEY } });

      expect(res.data).toEqual({ error: true, result: 'Authorization failed!' });
    });

    it('should serve the same routes under /index.php when the base URL has it', async () => {
      const res = await http.get('/index.php/restapi/getusers');

      expect(res.data.result.map((u: { username: string }) => u.username)).toEqual(['bridge', 'anna']);
      expect(sut.calls(LHC_ROUTES.getUsers)).toBe(1);
    });
  });

  describe('users', () => {
    it('should return the hash in a user GET and not in getusers when users are read', async () => {
      const one = await http.get(`/restapi/user/${annaId}`);
      const list = await http.get('/restapi/getusers');

      expect(one.data.result.password).toMatch(/^\$2y\$10\$/);
      expect(list.data.result[1]).not.toHaveProperty('password');
    });

    it('should echo the plaintext password when a user is created', async () => {
      const body = {
        username: 'olena',
        password: 'Secret-123',
        email: 'o@example.com',
        name: 'Olena',
        user_groups: [1],
      };

      const res = await http.post('/restapi/user', body);

      expect(res.data.result).toMatchObject({ password_temp_1: 'Secret-123', password_front: 'Secret-123' });
      expect(res.data.result.password).toMatch(/^\$2y\$10\$/);
    });

    it('should answer the validator errors joined by newlines when required fields are missing', async () => {
      const res = await http.post('/restapi/user', { username: 'anna' });

      expect(res.status).toBe(400);
      expect(res.data.result.split('\n')).toEqual([
        'User exists',
        'Password missing',
        'Wrong email address',
        'Please enter a name',
        'Please choose a default user group',
      ]);
    });

    it('should change only lh_users when exclude_autoasign is sent without departments', async () => {
      const res = await http.put(`/restapi/user/${annaId}`, { exclude_autoasign: true });

      expect(res.data.result.exclude_autoasign).toBe(1);
      expect(rows(annaId).map((r) => r.exclude)).toEqual([0, 0]);
    });

    it('should rebuild the department rows with the flag when departments come in the same PUT', async () => {
      await http.put(`/restapi/user/${annaId}`, {
        exclude_autoasign: true,
        departments: [1, 2],
        departments_read: [],
      });

      expect(rows(annaId).map((r) => r.exclude)).toEqual([1, 1]);
    });

    it('should keep always_on when a PUT tries to clear it', async () => {
      await http.put(`/restapi/user/${annaId}`, { always_on: true });
      await http.put(`/restapi/user/${annaId}`, { always_on: false });

      expect(sut.user(annaId)!.always_on).toBe(1);
    });

    it('should leave department-group rows alone when departments are sent', async () => {
      sut.seed({
        departmentGroups: [{ id: 4, name: 'Weekend', departmentIds: [2] }],
        users: [{ username: 'grouped', departments: [1], departmentGroups: [4] }],
      });
      const id = sut.userByUsername('grouped')!.id;

      await http.put(`/restapi/user/${id}`, {
        exclude_autoasign: true,
        departments: [1, 2],
        departments_read: [],
      });

      const groupRow = sut.departmentRows(id).find((r) => r.type === 1)!;
      expect([groupRow.dep_id, groupRow.exclude_autoasign]).toEqual([2, 0]);
    });
  });

  describe('online status', () => {
    it('should count a user offline when the last activity is more than 300 s old', async () => {
      await http.get(`/restapi/updatelastactivity/${annaId}`);
      const fresh = await online(annaId);
      clock.advance(301);
      const stale = await online(annaId);

      expect([fresh?.is_online, stale?.is_online]).toEqual([true, false]);
    });

    it('should refresh the caller activity when any call carries update_activity', async () => {
      const bridge = sut.userByUsername('bridge')!;
      await http.get('/restapi/getusers', { params: { update_activity: 1 } });

      expect(sut.departmentRows(bridge.id)[0].last_activity).toBe(Math.floor(clock.now() / 1000));
    });

    it('should set hide_online in lh_users and every row when setonlinestatus is called', async () => {
      const res = await http.get(`/restapi/setonlinestatus/${annaId}/0`);

      expect(res.data).toEqual({ error: false, result: { msg: 'Status changed', online: false } });
      expect([sut.user(annaId)!.hide_online, ...rows(annaId).map((r) => r.hide)]).toEqual([1, 1, 1]);
    });

    it('should show exclude_autoasign 0 on the item and the real value on the nested user when asked', async () => {
      sut.seed({ users: [{ username: 'excluded', departments: [1], excludeAutoassign: true }] });
      const id = sut.userByUsername('excluded')!.id;

      const item = await online(id, 1);

      expect([item?.exclude_autoasign, item?.user.exclude_autoasign, item?.user.password]).toEqual([
        0,
        1,
        undefined,
      ]);
    });
  });

  describe('request validation', () => {
    it('should answer 400 and record the failure when a body breaks the Swagger description', async () => {
      const res = await http.put(`/restapi/user/${annaId}`, { departments: 'all' });

      expect(res.status).toBe(400);
      expect(sut.validationErrors()).toEqual([
        expect.objectContaining({
          routeKey: LHC_ROUTES.updateUser,
          errors: [expect.stringContaining('departments')],
        }),
      ]);
    });

    it('should refuse onlineusers when the flags the Swagger marks required are missing', async () => {
      const res = await http.get('/restapi/onlineusers');

      expect(res.status).toBe(400);
      expect(sut.validationErrors()[0].errors.join(' ')).toContain('include_offline');
    });

    it('should give an unowned chat to the caller when setchatstatus 1 comes as form fields', async () => {
      sut.seed({ chats: [{ id: 9, depId: 1 }] });
      const form = await http.post('/restapi/setchatstatus', 'chat_id=9&status=1', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });

      expect(form.data).toEqual({ error: false, result: 'Status changed!' });
      expect(sut.chat(9)).toMatchObject({ status: 1, user_id: sut.userByUsername('bridge')!.id });
    });

    it('should refuse setchatstatus when the fields come as JSON', async () => {
      sut.seed({ chats: [{ id: 9, depId: 1 }] });

      const json = await http.post('/restapi/setchatstatus', { chat_id: '9', status: '0' });

      expect([json.status, json.data.error]).toEqual([400, true]);
      expect(sut.chat(9)!.status).toBe(0);
    });
  });
});
