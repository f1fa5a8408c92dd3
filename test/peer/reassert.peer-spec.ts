import type { AdminClient } from '../e2e/support/admin-client';
import { type DaemonProcess, waitFor } from '../e2e/support/daemon-process';
import { type LhcPeer, currentPeer, logMark, resetPeer, sql, writesSince } from './support/lhc-peer';
import { createDepartment, createUser, runsOf, startPeerDaemon } from './support/peer-bridge';

/**
 * Drift no REST read shows (`lh_userdep.exclude_autoasign` back to 0 while `lh_users` says 1) is
 * repaired by the daemon's scheduled runs anyway: the exclusion is re-sent with the departments
 * every `reassertIntegrationEvery`, as the one audited write a quiet run makes. Short periods here;
 * the default is 24h.
 */
describe('daemon on a real LiveHelperChat: the slow re-assertion', () => {
  let peer: LhcPeer;
  let daemon: DaemonProcess;
  let admin: AdminClient;
  let api: number;

  const rowFlag = () => sql(peer, `SELECT exclude_autoasign FROM lh_userdep WHERE user_id=${api}`);

  beforeAll(async () => {
    peer = currentPeer();
    resetPeer(peer);
    const sales = await createDepartment(peer, 'Sales', true);
    api = await createUser(peer, {
      username: 'api-user',
      email: 'api@example.invalid',
      name: 'Integration',
      departments: [sales],
    });
    ({ daemon, admin } = await startPeerDaemon(peer, {
      roster: [{ key: 'api', name: 'Integration', email: 'api@example.invalid', role: 'integration' }],
      departments: [sales],
      userGroups: [2],
      schedule: '5s',
      reassertIntegrationEvery: '5s',
    }));
  });

  afterAll(async () => {
    await daemon?.stop();
  });

  it('should repair the rows on a scheduled run although every REST read says excluded', async () => {
    expect(rowFlag()).toEqual([['1']]);
    sql(peer, `UPDATE lh_userdep SET exclude_autoasign=0 WHERE user_id=${api}`);
    const mark = logMark(peer);

    await waitFor(() => (rowFlag()[0][0] === '1' ? true : undefined), 'a scheduled re-send', 60_000);

    // The repairing run (recorded when it ends): one audited re-send, and nothing else written.
    const run = await waitFor(
      async () =>
        (await runsOf(admin, '&kind=reconcile')).find((r) =>
          r.changes.some((c) => c.field === 'exclude_autoasign@departments' && c.outcome === 'applied'),
        ),
      'the run that re-sent the exclusion',
    );
    expect(run).toMatchObject({ trigger: 'schedule', outcome: 'ok' });
    expect(run.changes.filter((c) => c.field !== 'unmanaged')).toEqual([
      expect.objectContaining({
        operatorKey: 'api',
        field: 'exclude_autoasign@departments',
        before: null,
        after: 1,
      }),
    ]);
    expect(
      writesSince(peer, mark).filter((w) => !w.startsWith(`PUT /index.php/restapi/user/${api}`)),
    ).toEqual([]);
  });
});
