import type { AdminClient } from '../e2e/support/admin-client';
import { type DaemonProcess, waitFor } from '../e2e/support/daemon-process';
import { type LhcPeer, cron, currentPeer, resetPeer, rest, sql, wireWebhooks } from './support/lhc-peer';
import { WEBHOOK_SECRET, createDepartment, createUser, runsOf, startPeerDaemon } from './support/peer-bridge';

/**
 * LHC's own workflow cron gives a chat to an integration account whose per-department exclusion
 * drifted where REST cannot see; the daemon hands it back and re-sends the exclusion first, so the
 * next cycles give it to a human. By webhook, and by the sweep of a run when no webhook came.
 */
describe('daemon on a real LiveHelperChat: chats that land on an integration account', () => {
  let peer: LhcPeer;
  let daemon: DaemonProcess;
  let admin: AdminClient;
  let sales: number;
  let api: number;
  let anna: number;

  const ownerOf = (chatId: number) =>
    Number(sql(peer, `SELECT user_id FROM lh_chat WHERE id=${chatId}`)[0][0]);
  const rowsOf = (userId: number) =>
    sql(peer, `SELECT exclude_autoasign, hide_online FROM lh_userdep WHERE user_id=${userId}`);
  const startChat = async (): Promise<number> => {
    const { body } = await rest<{ result: { id: number } }>(peer, 'POST', '/restapi/chat', {
      ignore_required: true,
      fields: {
        Username: 'Visitor',
        Email: 'visitor@example.invalid',
        Question: 'hello',
        DepartamentID: sales,
      },
    });
    return body.result.id;
  };
  const online = async (userId: number, on: boolean) => {
    await rest(peer, 'GET', `/restapi/setonlinestatus/${userId}/${on ? 1 : 0}`);
    if (on) {
      await rest(peer, 'GET', `/restapi/updatelastactivity/${userId}`);
    }
  };
  // Online and active in the department rows, written in SQL: REST's status change fires LHC's
  // status webhook, and chat-bridge would set an integration account offline again before the
  // test's cron pass — a race between the test and the daemon. Written here, the cron pass sees
  // the account online for certain, as it does whenever it runs before chat-bridge hears of it.
  const wakeBehindWebhooks = (userId: number) => {
    sql(peer, `UPDATE lh_userdep SET hide_online=0, last_activity=UNIX_TIMESTAMP() WHERE user_id=${userId}`);
    sql(peer, `UPDATE lh_users SET hide_online=0 WHERE id=${userId}`);
  };
  // What an edit behind REST's back leaves (lh_users still says excluded), then the account comes
  // online and active: LHC will assign it chats.
  const driftAndWakeApi = () => {
    sql(peer, `UPDATE lh_userdep SET exclude_autoasign=0 WHERE user_id=${api}`);
    wakeBehindWebhooks(api);
    expect(sql(peer, `SELECT exclude_autoasign FROM lh_users WHERE id=${api}`)).toEqual([['1']]);
  };

  beforeAll(async () => {
    peer = currentPeer();
    resetPeer(peer);
    sales = await createDepartment(peer, 'Sales', true);
    api = await createUser(peer, {
      username: 'api-user',
      email: 'api@example.invalid',
      name: 'Integration',
      departments: [sales],
    });
    ({ daemon, admin } = await startPeerDaemon(peer, {
      roster: [
        { key: 'anna', name: 'Anna Kovalenko', email: 'anna@example.com' },
        { key: 'api', name: 'Integration', email: 'api@example.invalid', role: 'integration' },
      ],
      departments: [sales],
      userGroups: [2],
    }));
    anna = Number(sql(peer, "SELECT id FROM lh_users WHERE username='anna'")[0][0]);
    wireWebhooks(peer, daemon.url, 'lhc', WEBHOOK_SECRET);
    // "Do not save response" unticked: chat-bridge's own (empty) answer must keep the chat clean.
    sql(
      peer,
      `UPDATE lh_generic_bot_trigger SET actions=REPLACE(actions, '"no_body":true', '"no_body":false')`,
    );
    const unticked = sql(
      peer,
      `SELECT count(*) FROM lh_generic_bot_trigger WHERE actions LIKE '%"no_body":false%'`,
    );
    expect(unticked).toEqual([['3']]);
  });

  afterAll(async () => {
    await daemon?.stop();
  });

  it('should start with the integration account excluded in every department row', () => {
    expect(rowsOf(api)).toEqual([['1', '1']]);
  });

  it('should hand back a chat the workflow cron gave the account, re-sending its exclusion first', async () => {
    const chatId = await startChat();
    driftAndWakeApi();

    cron(peer);
    expect(ownerOf(chatId)).toBe(api);

    await waitFor(() => (ownerOf(chatId) === 0 ? true : undefined), 'the chat to be handed back', 30_000);
    expect(rowsOf(api)).toEqual([['1', '1']]);
    const [release] = await runsOf(admin, '&kind=chat-release');
    expect(release).toMatchObject({ kind: 'chat-release', trigger: 'event', outcome: 'ok' });
    expect(release.changes.map((c) => [c.operatorKey, c.field, c.outcome])).toEqual([
      ['api', 'hide_online', 'applied'],
      ['api', 'chat.owner', 'applied'],
    ]);
    // The webhook's answer is empty: nothing was saved into the visitor's chat.
    expect(sql(peer, `SELECT count(*) FROM lh_msg WHERE chat_id=${chatId} AND user_id=-2`)).toEqual([['0']]);
  });

  it('should let the next workflow cycles give the chat to a human, never back to the account', async () => {
    const chatId = Number(sql(peer, 'SELECT max(id) FROM lh_chat')[0][0]);
    await online(anna, true);

    cron(peer);
    cron(peer);

    expect(ownerOf(chatId)).toBe(anna);
    const toApi = sql(
      peer,
      `SELECT count(*) FROM lh_msg WHERE chat_id=${chatId} AND msg LIKE 'Chat was assigned to [${api}]%'`,
    );
    expect(toApi).toEqual([['1']]);
  });

  it('should sweep a chat the account got while no webhook came, when the connector runs', async () => {
    sql(peer, 'UPDATE lh_webhook SET disabled=1');
    await online(anna, false);
    const chatId = await startChat();
    driftAndWakeApi();
    cron(peer);
    expect(ownerOf(chatId)).toBe(api);

    const { status, body } = await admin.post('/api/connectors/lhc/reconcile', {});

    expect(status).toBe(200);
    const fields = (body.changes as Array<{ field: string; outcome: string }>)
      .filter((c) => c.field !== 'unmanaged')
      .map((c) => [c.field, c.outcome]);
    expect(fields).toEqual([
      ['hide_online', 'applied'],
      ['chat.owner', 'applied'],
    ]);
    expect(ownerOf(chatId)).toBe(0);
    expect(rowsOf(api)).toEqual([['1', '1']]);
  });
  it('should hand back a chat the workflow gave the API user itself, which is in no roster', async () => {
    // An admin put the API user in Sales; a run (webhooks still off) excludes it there.
    await rest(peer, 'PUT', '/restapi/user/1', {
      departments: [sales],
      departments_read: [],
      all_departments: true,
    });
    expect((await admin.post('/api/connectors/lhc/reconcile', {})).status).toBe(200);
    expect(
      sql(peer, `SELECT exclude_autoasign, hide_online FROM lh_userdep WHERE user_id=1 AND dep_id=${sales}`),
    ).toEqual([['1', '1']]);
    sql(peer, 'UPDATE lh_webhook SET disabled=0');
    // Earlier chats closed: the cron assigns one chat per operator and second, oldest first.
    sql(peer, 'UPDATE lh_chat SET status=2');
    const chatId = await startChat();
    sql(peer, 'UPDATE lh_userdep SET exclude_autoasign=0 WHERE user_id=1');
    wakeBehindWebhooks(1);

    cron(peer);
    expect(ownerOf(chatId)).toBe(1);

    await waitFor(() => (ownerOf(chatId) === 0 ? true : undefined), 'the chat to be handed back', 30_000);
    expect(
      sql(peer, `SELECT exclude_autoasign, hide_online FROM lh_userdep WHERE user_id=1 AND dep_id=${sales}`),
    ).toEqual([['1', '1']]);
    const [release] = await runsOf(admin, '&kind=chat-release');
    expect(release.changes.map((c) => [c.operatorKey, c.field, c.outcome])).toEqual([
      ['admin (API user)', 'hide_online', 'applied'],
      ['admin (API user)', 'chat.owner', 'applied'],
    ]);
  });
});
