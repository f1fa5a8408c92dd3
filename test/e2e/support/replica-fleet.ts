import { TencentCallbackSender, TencentChatSimulator } from '@app/simulator';

import { AdminClient } from './admin-client';
import { freePort, tempDir, waitFor, writeConfig } from './daemon-process';
import { createReplicaDatabase, type ReplicaDatabase } from './replica-database';
import { ReplicaProcess } from './replica-process';

const ADMIN_TOKEN = 'e2e-admin-token-replicas-0';
const CALLBACK_TOKEN = 'e2e-replicas-callback-token';
const KEYS = { tencent: 'e2e-replicas-tencent-key-0123456789', desk: 'e2e-replicas-desk-key-0123456789ab' };
const APPS = { tencent: 1400000301, desk: 1400000302 };
export const AGENTS = ['ann', 'bob', 'cid'] as const;
export type ConnectorId = keyof typeof APPS;

// Two Tencent apps with Desk: `tencent` answers assign-agent; an availability seen on one is
// pushed to the other (propagate: all), which is what makes echoes.
const bridgeYaml = (databaseUrl: string, urls: Record<ConnectorId, string>) => `
server: { adminToken: "\${E2E_ADMIN_TOKEN}" }
database: { url: "${databaseUrl}" }
directory:
  roster:
${AGENTS.map((key) => `    - { key: ${key}, name: ${key} Agent, email: ${key}@example.com }`).join('\n')}
availability: { propagate: all }
connectors:
${(['tencent', 'desk'] as const)
  .map(
    (id) => `  - id: ${id}
    type: tencent-chat
    baseUrl: ${urls[id]}
    schedule: 1h
    auth: { sdkAppId: ${APPS[id]}, identifier: administrator, secretKey: "\${E2E_${id.toUpperCase()}_KEY}" }
    webhook: { token: "\${E2E_CALLBACK_TOKEN}" }
    options:
      userIdPrefix: "op_"
      desk: true
      assignment: { strategy: least-busy, maxAgents: 3, fallbackGroupId: 6521 }`,
  )
  .join('\n')}
`;

/**
 * Polls every 10 ms, so the time it returns is within about 10 ms of when the condition became
 * true. (Tighter polling of assign-agent measures mostly itself: every answer is an audit event
 * and a load record the replicas then have to store.)
 */
export const until = async (
  probe: () => Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<number> => {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((done) => setTimeout(done, 10));
  }
  return Date.now() - started;
};

/** N replicas of the daemon on one empty PostgreSQL database, and the two platforms they serve. */
export class ReplicaFleet {
  readonly admin: AdminClient;

  private constructor(
    readonly db: ReplicaDatabase,
    readonly platforms: Record<ConnectorId, TencentChatSimulator>,
    readonly replicas: ReplicaProcess[],
  ) {
    this.admin = new AdminClient(replicas[0].url, ADMIN_TOKEN);
  }

  /** Starts every replica at the same time, as an orchestrator does, and waits for their start-up runs. */
  static async start(count: number): Promise<ReplicaFleet> {
    const db = await createReplicaDatabase();
    const platforms = {
      tencent: new TencentChatSimulator({ sdkAppId: APPS.tencent, secretKey: KEYS.tencent, desk: true }),
      desk: new TencentChatSimulator({ sdkAppId: APPS.desk, secretKey: KEYS.desk, desk: true }),
    };
    for (const platform of Object.values(platforms)) {
      platform.seed({ deskMembers: AGENTS.map((key) => ({ email: `${key}@example.com` })) });
      await platform.start();
    }
    const config = writeConfig(
      tempDir(),
      bridgeYaml(db.url, { tencent: platforms.tencent.baseUrl, desk: platforms.desk.baseUrl }),
    );
    const env = {
      BRIDGE_CONFIG: config,
      E2E_ADMIN_TOKEN: ADMIN_TOKEN,
      E2E_TENCENT_KEY: KEYS.tencent,
      E2E_DESK_KEY: KEYS.desk,
      E2E_CALLBACK_TOKEN: CALLBACK_TOKEN,
    };
    const replicas: ReplicaProcess[] = [];
    for (let i = 0; i < count; i++) {
      replicas.push(new ReplicaProcess(await freePort(), env));
    }
    const fleet = new ReplicaFleet(db, platforms, replicas);
    await Promise.all(replicas.map((replica) => replica.start()));
    // Each replica runs each connector at start, or finds it busy and skips its turn.
    await waitFor(
      () =>
        replicas.every((r) =>
          (['tencent', 'desk'] as const).every(
            (id) => r.logs.includes(`${id}: run reconcile`) || r.logs.includes(`${id} is busy`),
          ),
        )
          ? true
          : undefined,
      'every start-up run',
      30_000,
    );
    return fleet;
  }

  callbacks(replica: ReplicaProcess, connector: ConnectorId): TencentCallbackSender {
    return new TencentCallbackSender({
      url: `${replica.url}/webhooks/${connector}`,
      sdkAppId: APPS[connector],
      token: CALLBACK_TOKEN,
    });
  }

  /** The agents (keys) a replica offers now, best first; its answer from memory. */
  async offered(replica: ReplicaProcess, clientUserId = 'customer'): Promise<string[]> {
    const reply = await this.callbacks(replica, 'tencent').assignAgent({
      sessionId: `s-${Date.now()}`,
      clientUserId,
    });
    const body = JSON.parse(reply.body.toString()) as { AgentIdList?: string[] };
    return (body.AgentIdList ?? []).map((email) => email.split('@')[0]);
  }

  /** Inbox rows of the replica whose pid this is (see replica-identity.ts). */
  claimedBy(replica: ReplicaProcess): string {
    return `% pid ${replica.pid} %`;
  }

  async close(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => replica.stop()));
    await Promise.all(Object.values(this.platforms).map((platform) => platform.stop()));
    await this.db.close();
  }
}
