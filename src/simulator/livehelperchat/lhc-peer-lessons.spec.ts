import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import axios, { type AxiosInstance } from 'axios';

import { testClock } from '@app/platforms/livehelperchat/testing/livehelperchat.fixtures';
import { LiveHelperChatSimulator } from '@app/simulator/livehelperchat/livehelperchat.simulator';

const KEY = 'sim-key';

/** What a real LiveHelperChat 4.90 showed that the simulator had to learn (test/peer). */
describe(`${LiveHelperChatSimulator.name}, as the real LHC behaved`, () => {
  let clock: ReturnType<typeof testClock>;
  let sut: LiveHelperChatSimulator;
  let http: AxiosInstance;
  let ids: { api: number; anna: number };
  let receiver: Server;
  let answer: string;

  const form = (fields: Record<string, string>) =>
    http.post('/index.php/restapi/setchatstatus', new URLSearchParams(fields).toString(), {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

  beforeEach(async () => {
    clock = testClock();
    sut = new LiveHelperChatSimulator({ now: clock.now });
    const url = await sut.start();
    sut.seed({
      departments: [{ id: 1, name: 'Sales', autoAssign: true }],
      users: [
        { username: 'bridge', name: 'Chat', surname: 'Bridge', allDepartments: true },
        { username: 'api', departments: [1], active: true },
        { username: 'anna', departments: [1] },
      ],
      apiKeys: [{ username: 'bridge', apiKey: KEY }],
    });
    ids = { api: sut.userByUsername('api')!.id, anna: sut.userByUsername('anna')!.id };
    http = axios.create({
      baseURL: url,
      auth: { username: 'bridge', password: KEY },
      validateStatus: () => true,
    });
    answer = '{"ok":true}';
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200).end(answer));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
    await sut.stop();
  });

  const hooks = (doNotSaveResponse?: boolean) =>
    sut.configureWebhooks({
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/lhc`,
      doNotSaveResponse,
    });

  it('should give a handed-back chat to the same account again at the next workflow cycle when nothing changed', async () => {
    const chatId = sut.startChat(1);
    await sut.runWorkflow();
    expect(sut.chat(chatId)?.user_id).toBe(ids.api);

    await form({ chat_id: String(chatId), status: '0' });
    clock.advance(1);
    const pass = await sut.runWorkflow();

    expect(pass).toEqual([{ chatId, assigned: true, userId: ids.api }]);
    expect(sut.messages(chatId).map((m) => [m.user_id, m.msg])).toEqual([
      [-1, `Chat was assigned to [${ids.api}] api`],
      [-1, 'Chat Bridge has changed chat status to pending!'],
      [-1, `Chat was assigned to [${ids.api}] api`],
    ]);
  });

  it('should save a webhook answer into the chat as a bot message when "Do not save response" is not ticked', async () => {
    hooks();
    const chatId = sut.startChat(1);

    await sut.runWorkflow();

    expect(sut.messages(chatId).filter((m) => m.user_id === -2)).toEqual([
      expect.objectContaining({ chat_id: chatId, msg: '{"ok":true}' }),
    ]);
  });

  it.each([
    ['the answer is empty', undefined, ''],
    ['"Do not save response" is ticked', true, '{"ok":true}'],
  ])('should save nothing into the chat when %s', async (_case, doNotSave, body) => {
    answer = body;
    hooks(doNotSave);
    const chatId = sut.startChat(1);

    await sut.runWorkflow();

    expect(sut.messages(chatId).filter((m) => m.user_id === -2)).toEqual([]);
    expect(sut.webhookDeliveries().map((d) => d.event)).toEqual(['chat.data_changed_auto_assign']);
  });

  it('should list the chats of given owners and statuses, and skip a status list of "0" alone', async () => {
    sut.seed({
      chats: [
        { id: 1, depId: 1, userId: ids.api },
        { id: 2, depId: 1, userId: ids.api, status: 1 },
        { id: 3, depId: 1, userId: ids.anna },
        { id: 4, depId: 1, userId: ids.api, status: 2 },
      ],
    });
    const list = async (status_ids: string) =>
      (
        (await http.get('/index.php/restapi/chats', { params: { user_ids: `${ids.api}`, status_ids } }))
          .data as {
          list: Array<{ id: number }>;
        }
      ).list.map((c) => c.id);

    expect(await list('0,0')).toEqual([1]);
    expect(await list('0,1')).toEqual([2, 1]);
    // PHP's empty("0"): the filter is dropped and every status comes back.
    expect(await list('0')).toEqual([4, 2, 1]);
  });

  it('should show every per-row flag as 0 in onlineusers whatever the rows hold', async () => {
    sut.editDepartmentRows(ids.api, { exclude_autoasign: 1 });

    const { data } = await http.get('/index.php/restapi/onlineusers', {
      // The Swagger marks all four flags required.
      params: {
        include_offline: 'true',
        exclude_invisible: 'false',
        include_disabled: 'false',
        include_user: 'true',
        dep_id: '1',
      },
    });
    const item = (data as Array<Record<string, unknown>>).find((i) => i.user_id === ids.api)!;

    expect(sut.departmentRows(ids.api)[0].exclude_autoasign).toBe(1);
    expect(item).toMatchObject({
      exclude_autoasign: 0,
      exc_indv_autoasign: 0,
      type: 0,
      dep_group_id: 0,
      assign_priority: 0,
      only_priority: 0,
    });
  });
});
