import type { AdminClient } from '../e2e/support/admin-client';
import { type DaemonProcess, waitFor } from '../e2e/support/daemon-process';
import { type LhcPeer, currentPeer, resetPeer, rest, sql, wireWebhooks } from './support/lhc-peer';
import { WEBHOOK_SECRET, createDepartment, startPeerDaemon } from './support/peer-bridge';

const PASSWORD = 'Anna-Peer-Pass!2026';

/**
 * An operator's availability in a real LiveHelperChat, as the daemon observes it: by the poll of a
 * run (`onlineusers`), and by LHC's own `chat.operator_status_changed` webhook when the operator
 * switches in LHC (reason `user_action`, not an echo of chat-bridge's writes).
 */
describe('daemon on a real LiveHelperChat: availability', () => {
  let peer: LhcPeer;
  let daemon: DaemonProcess;
  let admin: AdminClient;
  let anna: number;

  const observed = async (): Promise<string | null> => {
    const { body } = await admin.get('/api/operators?limit=100');
    const operator = (body.items as Array<{ key: string; availability: string | null }>).find(
      (o) => o.key === 'anna',
    );
    return operator?.availability ?? null;
  };
  const reconcile = async () =>
    expect((await admin.post('/api/connectors/lhc/reconcile', {})).status).toBe(200);
  // The operator's own switch, as LHC's mobile app makes it (modules/lhxml/setonlinestatus.php):
  // status 0 is online, anything else offline; it fires the status webhook with `user_action`.
  const operatorSwitches = async (online: boolean) => {
    const response = await fetch(`${peer.baseUrl}/xml/setonlinestatus/${online ? 0 : 1}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'anna', password: PASSWORD }).toString(),
    });
    expect(response.status).toBe(200);
  };
  const statusEvents = async (): Promise<number> => {
    const { body } = await admin.get('/api/events?connectorId=lhc&limit=1000');
    return (body.items as Array<{ kind: string }>).filter((e) => e.kind === 'availability').length;
  };

  beforeAll(async () => {
    peer = currentPeer();
    resetPeer(peer);
    const sales = await createDepartment(peer, 'Sales', false);
    ({ daemon, admin } = await startPeerDaemon(peer, {
      roster: [{ key: 'anna', name: 'Anna Kovalenko', email: 'anna@example.com' }],
      departments: [sales],
      userGroups: [2],
    }));
    anna = Number(sql(peer, "SELECT id FROM lh_users WHERE username='anna'")[0][0]);
    // Anna's own password (chat-bridge gave her a random one), and LHC's mobile API switched on.
    await rest(peer, 'PUT', `/restapi/user/${anna}`, { password: PASSWORD });
    sql(
      peer,
      `UPDATE lh_chat_config SET value='a:2:{s:13:"notifications";i:1;s:7:"fcm_key";s:0:"";}' WHERE identifier='mobile_options'`,
    );
  });

  afterAll(async () => {
    await daemon?.stop();
  });

  it('should see an operator come online, and go offline, through the poll of a run', async () => {
    // Her back office open: not hidden, active now (no webhook is wired yet).
    sql(peer, `UPDATE lh_userdep SET hide_online=0, last_activity=UNIX_TIMESTAMP() WHERE user_id=${anna}`);
    await reconcile();
    expect(await observed()).toBe('online');

    sql(peer, `UPDATE lh_users SET hide_online=1 WHERE id=${anna}`);
    sql(peer, `UPDATE lh_userdep SET hide_online=1 WHERE user_id=${anna}`);
    await reconcile();
    expect(await observed()).toBe('offline');
  });

  it('should see an operator switch in LHC through LHC own status webhook, with no run', async () => {
    wireWebhooks(peer, daemon.url, 'lhc', WEBHOOK_SECRET);
    const before = await statusEvents();

    await operatorSwitches(true);
    await waitFor(
      async () => ((await observed()) === 'online' ? true : undefined),
      'online from the webhook',
    );
    await operatorSwitches(false);
    await waitFor(
      async () => ((await observed()) === 'offline' ? true : undefined),
      'offline from the webhook',
    );

    expect(await statusEvents()).toBe(before + 2);
  });
});
