import { mapWithConcurrency } from '@app/core/map-with-concurrency';
import { DATABASE_MIGRATIONS } from '@app/database/database.migrations';
import { TENCENT_ROUTES } from '@app/simulator';

import { afterDaemonRecords } from './support/daemon-clock';
import { waitFor } from './support/daemon-process';
import { AGENTS, ReplicaFleet, until } from './support/replica-fleet';
import type { ReplicaProcess } from './support/replica-process';

interface EventRow {
  id: number;
  dedupe_key: string;
  state: string;
  attempts: number;
  claimed_by: string | null;
}

// The replicas' own promise; what this file proves, measured rather than slept for.
const PROPAGATION_LIMIT_MS = 1_000;

describe('three replicas on one PostgreSQL', () => {
  let fleet: ReplicaFleet;
  let replicas: ReplicaProcess[];
  let clock = Number.NaN;
  const tick = () => (clock += 1000);

  const events = (where: string, parameters: unknown[] = []) =>
    fleet.db.query<EventRow>(
      `SELECT id, dedupe_key, state, attempts, claimed_by FROM inbox_events WHERE ${where}`,
      parameters,
    );
  const stateChange = (
    replica: ReplicaProcess,
    connector: 'tencent' | 'desk',
    key: string,
    action: 'Login' | 'Logout',
  ) => fleet.callbacks(replica, connector).stateChange({ userId: `op_${key}`, action, eventTimeMs: tick() });
  const processed = (dedupeKey: string) =>
    waitFor(async () => (await events(`dedupe_key = $1 AND state = 'done'`, [dedupeKey]))[0], dedupeKey);

  beforeAll(async () => {
    fleet = await ReplicaFleet.start(3);
    replicas = fleet.replicas;
    clock = await afterDaemonRecords(fleet.admin);
    // The start-up runs pushed everyone's first reading to the other app's Desk. Desk never reports
    // those writes back (its member status is not the IM login state), so they would stay echoes
    // for their whole window (60 s) and swallow a genuine Logout: the tests start without them.
    await fleet.db.query('DELETE FROM availability_echoes');
    await Promise.all(AGENTS.map((key, i) => stateChange(replicas[i], 'tencent', key, 'Login')));
    await until(
      async () =>
        (await Promise.all(replicas.map((r) => fleet.offered(r)))).every((offered) => offered.length === 3),
      'every agent offered by every replica',
    );
  }, 60_000);

  afterAll(async () => {
    await fleet?.close();
  });

  it('should have migrated once although the replicas started together on an empty database', async () => {
    const applied = await fleet.db.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((m) => m.name)).toEqual(DATABASE_MIGRATIONS.map((m) => m.name));
  });

  it('should drop an agent who logged out on one replica from the answers of the others within 1 s', async () => {
    const delays: number[] = [];
    for (let round = 0; round < 6; round++) {
      const key = AGENTS[round % 3];
      const [sender, ...others] = [...replicas.slice(round % 3), ...replicas.slice(0, round % 3)];
      for (const action of ['Logout', 'Login'] as const) {
        const sent = Date.now();
        expect((await stateChange(sender, 'tencent', key, action)).status).toBe(200);
        await Promise.all(
          others.map(async (replica) => {
            await until(
              async () => (await fleet.offered(replica)).includes(key) === (action === 'Login'),
              `${key} ${action}`,
            );
            delays.push(Date.now() - sent);
          }),
        );
      }
    }
    delays.sort((a, b) => a - b);
    process.stdout.write(`replicas: propagation delays (ms) ${delays.join(' ')}\n`);
    expect(delays.at(-1)).toBeLessThan(PROPAGATION_LIMIT_MS);
  });

  it('should process each of 1,000 signed webhooks spread over the replicas exactly once, and share their load', async () => {
    const base = clock + 60_000; // session times of their own, to count what they caused
    const agentOf = (i: number) => (i % 10 < 6 ? 'ann' : i % 10 < 9 ? 'bob' : 'cid'); // 600 / 300 / 100
    const replies = await mapWithConcurrency([...Array(1_000).keys()], 30, (i) =>
      fleet.callbacks(replicas[i % 3], 'tencent').sessionEvent({
        sessionId: `bulk-${i}`,
        event: 'SessionBegin',
        agentId: `${agentOf(i)}@example.com`,
        requestId: `bulk-${i}`,
        eventTimeMs: base + i,
      }),
    );
    expect(replies.filter((reply) => reply.status !== 200)).toEqual([]);

    const rows = await waitFor(
      async () => {
        const found = await events(`dedupe_key LIKE 'desk:bulk-%'`);
        return found.length === 1_000 && found.every((e) => e.state === 'done') ? found : undefined;
      },
      'all 1,000 processed',
      30_000,
    );
    expect(rows.filter((e) => e.attempts !== 1)).toEqual([]);
    const byReplica = new Map<string, number>();
    rows.forEach((e) => byReplica.set(String(e.claimed_by), (byReplica.get(String(e.claimed_by)) ?? 0) + 1));
    process.stdout.write(
      `replicas: 1,000 webhooks processed per replica ${[...byReplica.values()].join(' / ')}\n`,
    );
    expect(byReplica.size).toBeGreaterThan(1);
    const [{ count }] = await fleet.db.query<{ count: string }>(
      'SELECT COUNT(*) AS count FROM assignment_sessions WHERE at >= $1 AND at < $2',
      [new Date(base).toISOString(), new Date(base + 1_000).toISOString()],
    );
    expect(Number(count)).toBe(1_000);
    // Each replica drained a third of them, yet each ranks by all of them.
    for (const replica of replicas) {
      await until(
        async () => (await fleet.offered(replica)).join() === 'cid,bob,ann',
        'least-busy from all sessions',
        2_000,
      );
    }
  });

  it('should recognise on one replica the echo of a write another replica made, and not write it back', async () => {
    const { desk, tencent } = fleet.platforms;
    await fleet.db.query(`DELETE FROM availability_echoes WHERE connector_id = 'desk'`); // see beforeAll
    expect((await stateChange(replicas[0], 'tencent', 'ann', 'Logout')).status).toBe(200);
    const logout = await processed(`state:op_ann:Logout:${clock}`);
    expect(desk.deskMember('ann@example.com')?.status).toBe('STATUS_NOT_READY');
    expect((await stateChange(replicas[1], 'tencent', 'ann', 'Login')).status).toBe(200);
    await processed(`state:op_ann:Login:${clock}`);
    expect(desk.deskMember('ann@example.com')?.status).toBe('STATUS_FREE');

    // Desk reports the offline write late, after the online one. The replica that wrote it is
    // frozen, so another one must drain the report.
    const writer = replicas.find((r) => logout.claimed_by?.includes(` pid ${r.pid} `));
    if (writer === undefined) {
      throw new Error(`no replica claimed ${logout.dedupe_key}`);
    }
    const drainers = replicas.filter((r) => r !== writer);
    const writesBefore = tencent.calls(TENCENT_ROUTES.setMemberStatus);
    writer.signal('SIGSTOP');
    try {
      expect((await stateChange(drainers[0], 'desk', 'ann', 'Logout')).status).toBe(200);
      const echo = await processed(`state:op_ann:Logout:${clock}`);

      expect(echo.claimed_by).not.toBe(logout.claimed_by);
      const left = await fleet.db.query(
        `SELECT availability FROM availability_echoes WHERE connector_id = 'desk' AND remote_id = 'op_ann'`,
      );
      expect(left).toEqual([{ availability: 'online' }]); // the offline write was used up, by this report
      expect(tencent.calls(TENCENT_ROUTES.setMemberStatus)).toBe(writesBefore);
      expect(await fleet.offered(drainers[1])).toContain('ann');
    } finally {
      writer.signal('SIGCONT');
    }
  });

  it('should lose no acknowledged delivery when a replica is killed mid-stream, and take over its claims', async () => {
    const victim = replicas[2];
    const acknowledged: string[] = [];
    let killedAt: number | undefined;
    let sent = 0;
    const send = async (): Promise<void> => {
      // Until well after the kill: deliveries to the dead replica fail and are not acknowledged.
      while ((killedAt === undefined || sent < killedAt + 150) && sent < 5_000) {
        const i = sent++;
        const reply = await fleet
          .callbacks(replicas[i % 3], 'tencent')
          .sessionEvent({
            sessionId: `kill-${i}`,
            event: 'SessionBegin',
            agentId: 'cid@example.com',
            requestId: `kill-${i}`,
          })
          .catch(() => undefined);
        if (reply?.status === 200) {
          acknowledged.push(`desk:kill-${i}`);
        }
      }
    };
    // Frozen first, so the claims it is seen holding are still held when it dies: it works through
    // them one at a time, so with two left at least one outlives a statement still in flight.
    const held = async () =>
      (await events(`claimed_by LIKE $1 AND state <> 'done'`, [fleet.claimedBy(victim)])).length;
    const kill = async (): Promise<void> => {
      while (sent < 5_000) {
        if ((await held()) >= 2) {
          victim.signal('SIGSTOP');
          if ((await held()) >= 2) {
            killedAt = sent;
            return victim.stop('SIGKILL');
          }
          victim.signal('SIGCONT');
        }
        await new Promise((done) => setTimeout(done, 2));
      }
      throw new Error('the replica never held two claims at once');
    };
    await Promise.all([...Array(20).keys()].map(send).concat(kill()));

    const orphans = await events(`claimed_by LIKE $1 AND state <> 'done'`, [fleet.claimedBy(victim)]);
    expect(orphans.length).toBeGreaterThan(0);
    // Their claim lease (60 s) is what a crashed replica costs; the test ends it instead of waiting.
    await fleet.db.query(`UPDATE inbox_events SET next_attempt_at = $1 WHERE id = ANY($2::int[])`, [
      new Date().toISOString(),
      orphans.map((e) => e.id),
    ]);
    const stored = await waitFor(
      async () => {
        const rows = await events(`dedupe_key LIKE 'desk:kill-%'`);
        const done = new Set(rows.filter((e) => e.state === 'done').map((e) => e.dedupe_key));
        const orphansDone = orphans.every((o) => rows.some((e) => e.id === o.id && e.state === 'done'));
        return orphansDone && acknowledged.every((key) => done.has(key)) ? rows : undefined;
      },
      'every acknowledged delivery processed',
      20_000,
    );
    const takenOver = stored.filter((e) => orphans.some((o) => o.id === e.id));
    expect(takenOver.map((e) => e.claimed_by?.includes(` pid ${victim.pid} `))).toEqual(
      orphans.map(() => false),
    );
    process.stdout.write(
      `replicas: killed with ${orphans.length} claims held; ${acknowledged.length} acknowledged deliveries, none lost\n`,
    );
  });
});
