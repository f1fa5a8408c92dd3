import { type LhcPeer, currentPeer, logMark, resetPeer, sql, writesSince } from './support/lhc-peer';
import { type PeerBridgeOptions, createDepartment, createUser, peerCli } from './support/peer-bridge';

/**
 * The CLI against a real LiveHelperChat 4.90: validate, plan, sync and doctor, with what LHC
 * stored read back by SQL (REST cannot show the per-department rows auto-assignment reads).
 */
describe('chat-bridge CLI on a real LiveHelperChat', () => {
  let peer: LhcPeer;
  let sales: number;
  let apiUserId: number;
  let cli: ReturnType<typeof peerCli>;

  const options = (): PeerBridgeOptions => ({
    roster: [
      { key: 'anna', name: 'Anna Kovalenko', email: 'anna@example.com' },
      { key: 'ben', name: 'Ben Stone', email: 'ben@example.com' },
      { key: 'api', name: 'Integration', email: 'api-user@example.invalid', role: 'integration' },
    ],
    departments: [sales],
    userGroups: [2],
  });
  const userId = (username: string): string =>
    sql(peer, `SELECT id FROM lh_users WHERE username='${username}'`)[0]?.[0];

  beforeAll(async () => {
    peer = currentPeer();
    resetPeer(peer);
    sales = await createDepartment(peer, 'Sales', true);
    // An integration account an admin made: in Sales, not excluded, not offline (the problem).
    apiUserId = await createUser(peer, {
      username: 'api-user',
      email: 'api-user@example.invalid',
      name: 'Integration',
      departments: [sales],
    });
    cli = peerCli(peer, options());
  });

  it('should refuse a config without userGroups with exit 2, naming the path and the stock group', async () => {
    const bad = peerCli(peer, { ...options(), userGroups: undefined });

    const result = await bad.run('validate');

    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toContain('connectors[lhc].options.userGroups');
    expect(result.stderr + result.stdout).toContain('2 is the stock "Operators" group');
  });

  it('should name the API user, which is in no roster, when it plans its exclusion', async () => {
    const result = await cli.run('plan');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/update\s+admin \(API user\)\s+exclude_autoasign\s+0\s+1\s+planned/);
    expect(result.stdout).toMatch(/update\s+admin \(API user\)\s+hide_online\s+0\s+1\s+planned/);
  });

  it('should create the operators with their department and user group when it syncs', async () => {
    const result = await cli.run('sync');

    expect(result.code).toBe(0);
    for (const username of ['anna', 'ben']) {
      const id = userId(username);
      expect(sql(peer, `SELECT email, disabled FROM lh_users WHERE id=${id}`)).toEqual([
        [`${username}@example.com`, '0'],
      ]);
      expect(sql(peer, `SELECT group_id FROM lh_groupuser WHERE user_id=${id}`)).toEqual([['2']]);
      expect(sql(peer, `SELECT dep_id, ro FROM lh_userdep WHERE user_id=${id}`)).toEqual([
        [String(sales), '0'],
      ]);
    }
  });

  it('should leave the integration account excluded and offline in every department row', () => {
    expect(sql(peer, `SELECT exclude_autoasign, hide_online FROM lh_users WHERE id=${apiUserId}`)).toEqual([
      ['1', '1'],
    ]);
    expect(
      sql(peer, `SELECT dep_id, exclude_autoasign, hide_online FROM lh_userdep WHERE user_id=${apiUserId}`),
    ).toEqual([[String(sales), '1', '1']]);
    expect(sql(peer, `SELECT exclude_autoasign, hide_online FROM lh_users WHERE username='admin'`)).toEqual([
      ['1', '1'],
    ]);
  });

  it('should make zero write calls when a second sync finds nothing changed', async () => {
    const mark = logMark(peer);

    const result = await cli.run('sync');

    expect(result.code).toBe(0);
    // Only the report that the API user is in no roster; no write planned or made.
    expect(result.stdout).not.toMatch(/planned|applied/);
    expect(writesSince(peer, mark)).toEqual([]);
  });

  it('should report the row that is assignable once active when the rows drifted where REST cannot see', async () => {
    // What an edit behind REST's back leaves: the row neither excluded nor offline, lh_users unchanged.
    sql(peer, `UPDATE lh_userdep SET exclude_autoasign=0, hide_online=0 WHERE user_id=${apiUserId}`);

    const result = await cli.run('doctor');

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `integration account "api" is not set offline in "Sales" (${sales}): as soon as it is active it is assignable there`,
    );
    expect(result.stdout).not.toMatch(/§|\.md\b/);
  });

  it('should plan, then make, the repair when a run sees a row not offline', async () => {
    const plan = await cli.run('plan');
    expect(plan.stdout).toMatch(/update\s+api\s+hide_online\s+0\s+1\s+planned/);

    const result = await cli.run('sync');

    expect(result.code).toBe(0);
    expect(
      sql(peer, `SELECT exclude_autoasign, hide_online FROM lh_userdep WHERE user_id=${apiUserId}`),
    ).toEqual([['1', '1']]);
  });
});
